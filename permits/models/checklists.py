"""What the FO checks at the counter and what the back office verifies."""

from django.conf import settings
from django.db import models

from permits import uploads
from permits.models.application import Application
from permits.models.standard import CommitmentType, Requirement


class RequirementCheck(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="requirement_checks"
    )
    requirement = models.ForeignKey(
        Requirement, on_delete=models.PROTECT, related_name="+", verbose_name="persyaratan"
    )
    present = models.BooleanField("ada / terpenuhi", default=False)
    note = models.CharField("catatan", max_length=300, blank=True)
    scan = models.FileField("pindaian", upload_to=uploads.requirement_scan_path, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    checked_at = models.DateTimeField(null=True)

    class Meta:
        ordering = ["requirement__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "requirement"], name="unique_requirement_check"
            )
        ]
        verbose_name = "pemeriksaan persyaratan"
        verbose_name_plural = "pemeriksaan persyaratan"

    def __str__(self) -> str:
        return f"{self.requirement}: {'ada' if self.present else 'belum ada'}"


class CommitmentCheck(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="commitment_checks"
    )
    commitment = models.ForeignKey(
        CommitmentType, on_delete=models.PROTECT, related_name="+", verbose_name="komitmen"
    )
    reference_number = models.CharField("nomor bukti", max_length=120, blank=True)
    evidence_date = models.DateField("tanggal bukti", null=True, blank=True)
    evidence_file = models.FileField(
        "berkas bukti", upload_to=uploads.commitment_evidence_path, blank=True
    )
    note = models.CharField("catatan", max_length=300, blank=True)
    verified = models.BooleanField("terverifikasi", default=False)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    verified_at = models.DateTimeField(null=True)

    class Meta:
        ordering = ["commitment__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "commitment"], name="unique_commitment_check"
            )
        ]
        verbose_name = "pemenuhan komitmen"
        verbose_name_plural = "pemenuhan komitmen"

    def __str__(self) -> str:
        return f"{self.commitment}: {'terverifikasi' if self.verified else 'belum'}"


class FieldInspection(models.Model):
    """Berita Acara Pemeriksaan Lapangan (BAP)."""

    class Recommendation(models.TextChoices):
        FEASIBLE = "feasible", "Layak diterbitkan"
        NOT_FEASIBLE = "not_feasible", "Tidak layak diterbitkan"

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="field_inspection"
    )
    inspected_on = models.DateField("tanggal pemeriksaan")
    team_members = models.TextField("anggota tim", help_text="Satu nama per baris.")
    findings = models.TextField("hasil pemeriksaan")
    recommendation = models.CharField("rekomendasi", max_length=20, choices=Recommendation.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "berita acara pemeriksaan lapangan"
        verbose_name_plural = "berita acara pemeriksaan lapangan"

    def __str__(self) -> str:
        return f"BAP {self.application.registration_number}"

    @property
    def team_list(self) -> list[str]:
        return [line.strip() for line in self.team_members.splitlines() if line.strip()]
