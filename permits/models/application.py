from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import connections, models
from django.db.models.functions import Cast
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from permits import validators
from permits.models.standard import ApplicantKind, ServiceStandard
from workflow.table import STEP_OF_STATUS, Status, fsm_args

# Street, RT/RW, village, district, regency, province and postcode fit in well under this;
# a TextField keeps its column type, the limit is enforced by every form built on it.
ADDRESS_MAX_LENGTH = 300


class Applicant(models.Model):
    Kind = ApplicantKind

    class KswpResult(models.TextChoices):
        VALID = "valid", "Valid"
        INVALID = "invalid", "Tidak valid"

    kind = models.CharField("jenis pemohon", max_length=10, choices=Kind.choices)
    name = models.CharField("nama pemohon", max_length=200)
    nik = models.CharField("NIK", max_length=16, blank=True, validators=[validators.validate_nik])
    passport_number = models.CharField(
        "nomor paspor", max_length=20, blank=True, validators=[validators.validate_passport]
    )
    nationality = models.CharField("kewarganegaraan", max_length=60, blank=True)
    ratification_number = models.CharField(
        "nomor pengesahan / dasar hukum badan usaha", max_length=120, blank=True
    )
    npwp = models.CharField("NPWP", max_length=16, validators=[validators.validate_npwp])
    kswp_result = models.CharField(
        "hasil KSWP", max_length=10, choices=KswpResult.choices, blank=True
    )
    kswp_checked_on = models.DateField("tanggal pemeriksaan KSWP", null=True, blank=True)
    kswp_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="diperiksa oleh",
    )
    email = models.EmailField("e-mail")
    phone = models.CharField("telepon", max_length=30)
    address = models.TextField("alamat", max_length=ADDRESS_MAX_LENGTH)
    # WhatsApp notices (notices/): only with the applicant's consent, recorded at intake,
    # to a mobile number in E.164; an opt-out stops them for good.
    whatsapp_number = models.CharField("nomor WhatsApp", max_length=20, blank=True)
    whatsapp_consent_at = models.DateTimeField(
        "setuju menerima WhatsApp pada", null=True, blank=True
    )
    whatsapp_opted_out_at = models.DateTimeField("berhenti WhatsApp pada", null=True, blank=True)

    class Meta:
        verbose_name = "pemohon"
        verbose_name_plural = "pemohon"

    def __str__(self) -> str:
        return self.name

    @property
    def whatsapp_recipient(self) -> str:
        """The number WhatsApp notices go to: "" without consent or after an opt-out."""
        if self.whatsapp_number and self.whatsapp_consent_at and not self.whatsapp_opted_out_at:
            return self.whatsapp_number
        return ""

    @property
    def identity_label(self) -> str:
        if self.kind == self.Kind.WNA:
            return f"Paspor {self.passport_number} ({self.nationality})"
        if self.kind == self.Kind.ENTITY:
            return f"Pengesahan {self.ratification_number}"
        return f"NIK {self.nik}"


def searchable_field_names() -> list[str]:
    """The names of the declared fields any version marks searchable (validated names:
    lower-case letters, digits and underscores, safe as look-up keys)."""
    names: set[str] = set()
    for declaration in ServiceStandard.objects.exclude(data_fields=[]).values_list(
        "data_fields", flat=True
    ):
        for item in declaration or []:
            if not isinstance(item, dict) or not item.get("searchable"):
                continue
            name = item.get("name")
            if isinstance(name, str) and name.isidentifier():
                names.add(name)
    return sorted(names)


class ApplicationQuerySet(models.QuerySet):
    def search(self, term: str):
        """Files whose number, applicant, company or NIB holds `term`, or one of the
        declared fields a version marks `searchable` (a JSON key look-up each).

        One branch per column, joined by UNION: each branch can use its own trigram index
        (permits/migrations/0023_search_indexes, PostgreSQL), where one WHERE with an OR
        across two tables reads every file."""
        term = (term or "").strip()
        if not term:
            return self
        files = Application.objects.order_by()
        branches = [
            files.filter(registration_number__icontains=term),
            files.filter(applicant__name__icontains=term),
            files.filter(company_name__icontains=term),
            files.filter(nib__icontains=term),
        ]
        names = searchable_field_names()
        if names:
            declared = models.Q()
            for name in names:
                declared |= models.Q(**{f"data__{name}__icontains": term})
            branch = files.filter(declared)
            if connections[self.db].vendor == "postgresql" and not set(term) & {'"', "\\"}:
                # The declared values are in the JSON's text: the index on it finds the few
                # candidate files, the key look-ups then keep the right ones.
                branch = branch.alias(data_text=Cast("data", models.TextField())).filter(
                    data_text__icontains=term
                )
            branches.append(branch)
        first, *rest = (branch.values("pk") for branch in branches)
        return self.filter(pk__in=first.union(*rest))


class Application(ConcurrentTransitionMixin, models.Model):
    """An application for one of the office's services, from intake to handover.

    `standard` is the version of the service's standard in force when the file was
    registered; the file keeps it (requirements, time limit, fee, product) for good.
    """

    class KbliEdition(models.TextChoices):
        KBLI_2020 = "2020", "KBLI 2020"
        KBLI_2025 = "2025", "KBLI 2025"

    registration_number = models.CharField("nomor registrasi", max_length=40, unique=True)
    tracking_code = models.CharField("kode lacak", max_length=12)
    # One per intake form shown: a second submit of the same form finds this file.
    intake_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    applicant = models.ForeignKey(
        Applicant, on_delete=models.PROTECT, related_name="applications", verbose_name="pemohon"
    )
    standard = models.ForeignKey(
        ServiceStandard,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name="standar pelayanan (versi)",
    )
    # The values of the version's declared fields (permits.declared_fields), by name.
    data = models.JSONField("isian khusus layanan", default=dict, blank=True)

    company_name = models.CharField("nama perusahaan", max_length=200)
    company_address = models.TextField("alamat perusahaan", max_length=ADDRESS_MAX_LENGTH)
    # Blank for a service that does not ask for a company (ServiceStandard.asks_company):
    # company_name and company_address then hold the holder's, the applicant's, own.
    nib = models.CharField("NIB", max_length=13, blank=True, validators=[validators.validate_nib])
    # The industry-expansion data below are asked only by a version with
    # asks_industry_expansion (the IUPI); empty for every other service.
    kbli_code = models.CharField(
        "kode KBLI", max_length=5, blank=True, validators=[validators.validate_kbli]
    )
    kbli_title = models.CharField("judul KBLI", max_length=300, blank=True)
    kbli_edition = models.CharField(
        "edisi KBLI", max_length=4, choices=KbliEdition.choices, default=KbliEdition.KBLI_2020
    )
    commodity = models.CharField("komoditas / jenis produk", max_length=200, blank=True)
    capacity_current = models.DecimalField(
        "kapasitas terpasang saat ini per tahun",
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    capacity_added = models.DecimalField(
        "penambahan kapasitas per tahun",
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0.01)],
    )
    capacity_unit = models.CharField("satuan kapasitas", max_length=30, blank=True)
    investment_value = models.DecimalField(
        "nilai investasi perluasan (Rp)",
        max_digits=18,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
    )
    workers_id_men = models.PositiveIntegerField("tenaga kerja Indonesia laki-laki", default=0)
    workers_id_women = models.PositiveIntegerField("tenaga kerja Indonesia perempuan", default=0)
    workers_foreign_men = models.PositiveIntegerField("tenaga kerja asing laki-laki", default=0)
    workers_foreign_women = models.PositiveIntegerField("tenaga kerja asing perempuan", default=0)
    factory_location = models.TextField("lokasi pabrik", max_length=ADDRESS_MAX_LENGTH, blank=True)
    in_industrial_estate = models.BooleanField("di dalam kawasan industri", default=False)
    iui_number = models.CharField("nomor IUI", max_length=100, blank=True)
    iui_date = models.DateField("tanggal IUI", null=True, blank=True)

    status = FSMField(
        "status", max_length=20, choices=Status.choices, default=Status.SUBMITTED, protected=True
    )
    status_changed_at = models.DateTimeField("status sejak", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="didaftarkan oleh",
    )
    created_at = models.DateTimeField("didaftarkan", auto_now_add=True)
    updated_at = models.DateTimeField("diubah", auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = "permohonan"
        verbose_name_plural = "permohonan"
        indexes = [
            models.Index(fields=["status", "status_changed_at"]),
            # The API's pages of files, in the order they were registered (api/resources/files.py).
            models.Index(fields=["created_at", "id"], name="permits_application_created"),
            # The API's catch-up pulls (`updated_since`): the few files changed since the last.
            models.Index(fields=["updated_at"], name="permits_application_updated"),
        ]

    def __str__(self) -> str:
        return f"{self.registration_number} {self.company_name}"

    @property
    def step(self) -> int | None:
        return STEP_OF_STATUS.get(self.status)

    @property
    def added_capacity_share(self):
        """Added capacity as a percentage of current capacity (None when there is none yet)."""
        if not self.capacity_current:
            return None
        return self.capacity_added * 100 / self.capacity_current

    @property
    def workers_total(self) -> int:
        return (
            self.workers_id_men
            + self.workers_id_women
            + self.workers_foreign_men
            + self.workers_foreign_women
        )

    # --- readiness: the conditions the workflow table names (Condition) ----

    def missing_requirements(self):
        return [c for c in self.requirement_checks.all() if not c.present]

    # The checks below read the prefetched rows when the file page loaded them
    # (permits.selectors.application_detail), and one query each otherwise.

    def has_all_requirements(self) -> bool:
        return all(check.present for check in self.requirement_checks.all())

    def npwp_passes_kswp(self) -> bool:
        """The standard asks for an NPWP that passes the tax office's KSWP check."""
        return self.applicant.kswp_result == Applicant.KswpResult.VALID

    def unverified_commitments(self):
        return [c for c in self.commitment_checks.all() if not c.verified]

    def needs_field_inspection(self) -> bool:
        """The file's version says whether a BAP comes before processing."""
        return self.standard.requires_inspection and not hasattr(self, "field_inspection")

    def is_ready_for_processing(self) -> bool:
        commitments = list(self.commitment_checks.all())
        return (
            self.has_all_requirements()
            and bool(commitments)
            and all(check.verified for check in commitments)
            and not self.needs_field_inspection()
        )

    # --- transitions: sources, targets and roles come from workflow.table --
    # Call them only through permits.services.perform_transition.

    @transition(**fsm_args("mark_incomplete"))
    def mark_incomplete(self):
        pass

    @transition(**fsm_args("complete"))
    def complete(self):
        pass

    @transition(**fsm_args("issue_receipt"))
    def issue_receipt(self):
        pass

    @transition(**fsm_args("process"))
    def process(self):
        pass

    @transition(**fsm_args("return_for_correction"))
    def return_for_correction(self):
        pass

    @transition(**fsm_args("resubmit"))
    def resubmit(self):
        pass

    @transition(**fsm_args("reject"))
    def reject(self):
        pass

    @transition(**fsm_args("print_draft"))
    def print_draft(self):
        pass

    @transition(**fsm_args("initial"))
    def initial(self):
        pass

    @transition(**fsm_args("send_back_by_kabid"))
    def send_back_by_kabid(self):
        pass

    @transition(**fsm_args("sign"))
    def sign(self):
        pass

    @transition(**fsm_args("send_back_by_head"))
    def send_back_by_head(self):
        pass

    @transition(**fsm_args("number"))
    def number(self):
        pass

    @transition(**fsm_args("hand_over"))
    def hand_over(self):
        pass

    @transition(**fsm_args("withdraw"))
    def withdraw(self):
        pass
