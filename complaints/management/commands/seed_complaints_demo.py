"""Demo complaints at every stage and a year of survey answers, for `make run`.

Complaints go through complaints.services, so their history is what an office
would have written. Runs once: nothing is added when complaints exist already.
Refuses to run with DEBUG off. Needs the demo users of `seed_demo`.
"""

import random
import uuid
from datetime import datetime, time, timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from complaints import services, survey_counts
from complaints.models import (
    AgeBand,
    Category,
    Channel,
    Complaint,
    ComplaintTier,
    Education,
    Gender,
    Occupation,
    SurveyResponse,
)
from complaints.services import ActionInput, NewComplaint
from complaints.skm import ELEMENT_CODES
from permits.models import Application, Service
from workflow.table import Status

OFFICER = "pengaduan"
SUPERVISOR = "kabid"

# How likely each score (1-4) is per element: the office is good, but slow and its
# complaint handling and waiting room lag behind.
SCORE_WEIGHTS = {
    "u1": (1, 4, 45, 50),
    "u2": (2, 10, 50, 38),
    "u3": (6, 24, 48, 22),
    "u4": (0, 1, 9, 90),
    "u5": (1, 5, 50, 44),
    "u6": (1, 6, 50, 43),
    "u7": (1, 4, 40, 55),
    "u8": (4, 16, 52, 28),
    "u9": (3, 14, 55, 28),
}
SUGGESTIONS = [
    "Ruang tunggu perlu kursi tambahan dan pendingin ruangan.",
    "Mohon informasi persyaratan pemenuhan komitmen dibuat lebih jelas di situs web.",
    "Petugas loket sangat membantu, terima kasih.",
    "Jadwal pemeriksaan lapangan sebaiknya diberitahukan lebih awal.",
    "",
    "",
]


class Command(BaseCommand):
    help = "Isi data demo pengaduan dan survei kepuasan (hanya untuk pengembangan)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("seed_complaints_demo hanya untuk pengembangan (DEBUG=1).")
        if Complaint.objects.exists():
            self.stdout.write("Pengaduan demo sudah ada; tidak ada yang ditambahkan.")
            return
        try:
            officer = User.objects.get(username=OFFICER)
            supervisor = User.objects.get(username=SUPERVISOR)
        except User.DoesNotExist:
            raise CommandError(
                "Jalankan seed_demo lebih dahulu (pengguna demo belum ada)."
            ) from None
        rng = random.Random(2026)
        with transaction.atomic():
            count = self._complaints(officer, supervisor)
            answers = self._survey(rng)
        self.stdout.write(
            self.style.SUCCESS(f"{count} pengaduan dan {answers} jawaban survei demo dibuat.")
        )

    def _complaints(self, officer, supervisor) -> int:
        today = timezone.localdate()
        tiers = {tier.code: tier.pk for tier in ComplaintTier.objects.all()}
        related = Application.objects.order_by("pk").values_list("registration_number", flat=True)

        def record(days_ago: int, channel: str, **fields) -> Complaint:
            data = NewComplaint(
                channel=channel, received_on=today - timedelta(days=days_ago), **fields
            )
            return services.submit_complaint(data=data, actor=officer)

        def act(complaint: Complaint, name: str, actor=officer, **fields) -> None:
            services.perform_action(
                complaint_id=complaint.pk, name=name, actor=actor, data=ActionInput(**fields)
            )

        services.submit_complaint(
            data=NewComplaint(
                category=Category.REQUIREMENTS,
                subject="Persyaratan SPPL untuk perluasan belum jelas",
                description=(
                    "Saya ingin memperluas usaha pengolahan karet. Apakah SPPL lama masih berlaku "
                    "atau harus diperbarui sebelum mengajukan IUPI?"
                ),
                name="Sri Wahyuni",
                email="sri.wahyuni@contoh.co.id",
                phone="081377712345",
            )
        )
        bribe = record(
            8,
            Channel.ROOM,
            category=Category.FEE,
            subject="Diminta uang tambahan di loket",
            description=(
                "Saat menyerahkan berkas, saya diminta membayar 'uang administrasi' padahal "
                "layanan ini gratis menurut standar pelayanan."
            ),
            name="Hadi Saputra",
            phone="082178800991",
            confidential=True,
        )
        slow = record(
            6,
            Channel.PHONE,
            category=Category.TIME,
            subject="Izin belum terbit setelah lebih dari 3 hari kerja",
            description="Berkas saya sudah lengkap minggu lalu tetapi belum ada kabar.",
            anonymous=True,
            related_number=related[2] if len(related) > 2 else "",
        )
        act(slow, "verify", tier_id=tiers["normative"], note="Cek posisi berkas di back office.")
        act(slow, "assign", assignee_id=supervisor.pk, note="Mohon Kabid menelusuri berkas.")

        answered = record(
            5,
            Channel.EMAIL,
            category=Category.PRODUCT,
            subject="Salah ketik nama perusahaan pada izin",
            description=(
                "Nama perusahaan tertulis 'PT Karet Ogan Jay', seharusnya 'PT Karet Ogan Jaya'."
            ),
            name="Rudi Hartono",
            email="rudi.hartono@contoh.co.id",
            related_number=related[0] if related else "",
        )
        act(answered, "verify", tier_id=tiers["simple"])
        act(answered, "assign", assignee_id=officer.pk)
        act(
            answered,
            "answer",
            reply=(
                "Terima kasih atas laporan Anda. Izin telah diperbaiki dan dapat diambil di loket "
                "Front Office dengan membawa izin yang lama."
            ),
        )
        act(answered, "close", note="Pemohon sudah mengambil izin perbaikan.")

        oss = record(
            4,
            Channel.LETTER,
            category=Category.OTHER,
            subject="Akun OSS terkunci",
            description="Akun OSS perusahaan kami terkunci setelah salah memasukkan kata sandi.",
            name="CV Pempek Rasa Ilir",
            email="admin@pempekrasa.contoh.id",
        )
        act(
            oss,
            "decline_not_ours",
            reply=(
                "Akun OSS dikelola Kementerian Investasi/BKPM. Silakan hubungi layanan OSS di "
                "https://oss.go.id atau datang ke Mal Pelayanan Publik untuk pemulihan akun."
            ),
        )

        repeat = services.submit_complaint(
            data=NewComplaint(
                category=Category.FEE,
                subject="Pungutan di loket",
                description="Ada pungutan uang administrasi di loket pendaftaran.",
                anonymous=True,
            )
        )
        act(repeat, "mark_duplicate", duplicate_ticket=bribe.ticket)

        seats = services.submit_complaint(
            data=NewComplaint(
                category=Category.SUGGESTION,
                subject="Kursi ruang tunggu kurang",
                description="Pada jam sibuk banyak pemohon berdiri. Mohon ditambah kursi.",
                name="Dewi Lestari",
                email="dewi.lestari@contoh.co.id",
            )
        )
        act(seats, "verify", tier_id=tiers["simple"])
        act(seats, "assign", assignee_id=officer.pk)
        record(
            12,
            Channel.EMAIL,
            category=Category.CONDUCT,
            subject="Petugas tidak ramah saat konsultasi",
            description=(
                "Pertanyaan saya tentang KBLI tidak dijawab dan saya diminta kembali besok."
            ),
            name="Budi Santoso",
            email="budi.santoso@contoh.co.id",
        )
        return Complaint.objects.count()

    def _survey(self, rng: random.Random) -> int:
        """Answers of the files handed over in the demo, and a year of answers before them."""
        profile = {
            "gender": Gender.MALE,
            "age_band": AgeBand.FROM_41,
            "education": Education.BACHELOR,
            "occupation": Occupation.ENTREPRENEUR,
        }
        for application in Application.objects.filter(status=Status.HANDED_OVER):
            services.submit_survey(
                application=application,
                profile=profile,
                scores={
                    code: rng.choices((1, 2, 3, 4), SCORE_WEIGHTS[code])[0]
                    for code in ELEMENT_CODES
                },
                suggestion=rng.choice(SUGGESTIONS),
            )
        today = timezone.localdate()
        start = today.replace(month=1, day=1)
        span = max((today - start).days, 1)
        iupi = Service.objects.filter(code="iupi").first()
        SurveyResponse.objects.bulk_create(
            SurveyResponse(
                respondent_key=f"demo-{uuid.UUID(int=rng.getrandbits(128)).hex}",
                service=iupi,
                submitted_at=datetime.combine(
                    start + timedelta(days=rng.randrange(span)),
                    time(rng.randrange(8, 15), rng.randrange(60)),
                    tzinfo=timezone.get_current_timezone(),
                ),
                gender=rng.choice(Gender.values),
                age_band=rng.choices(AgeBand.values, (1, 6, 10, 9, 5))[0],
                education=rng.choices(Education.values, (1, 2, 8, 5, 12, 3))[0],
                occupation=rng.choices(Occupation.values, (1, 0, 0, 8, 20, 2))[0],
                suggestion=rng.choice(SUGGESTIONS),
                **{
                    code: rng.choices((1, 2, 3, 4), SCORE_WEIGHTS[code])[0]
                    for code in ELEMENT_CODES
                },
            )
            for _ in range(46)
        )
        survey_counts.rebuild()  # bulk_create sends no post_save: count the answers afresh
        return SurveyResponse.objects.count()
