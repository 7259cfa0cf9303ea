from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class ComplaintsConfig(AppConfig):
    name = "complaints"
    verbose_name = "Pengaduan dan survei kepuasan"

    def ready(self):
        from complaints import survey_counts
        from complaints.models import ComplaintTier, ServicePledge, SurveyResponse
        from office import page_memo
        from office.models import OfficeProfile
        from permits.models import (
            CommitmentType,
            Requirement,
            Service,
            ServiceStandard,
            StandardItem,
        )

        # What the published standard pages show (complaints/views/standard.py): an edit to
        # any of it renders them afresh (office/page_memo.py).
        shown = (
            Service,
            ServiceStandard,
            Requirement,
            CommitmentType,
            StandardItem,
            ServicePledge,
            ComplaintTier,
            OfficeProfile,
        )
        for model in shown:
            post_save.connect(page_memo.forget, sender=model, dispatch_uid=f"pages-{model}")
            post_delete.connect(page_memo.forget, sender=model, dispatch_uid=f"pages-del-{model}")

        # Each saved answer is counted into the survey's figures (complaints/survey_counts.py).
        post_save.connect(
            survey_counts.count_saved, sender=SurveyResponse, dispatch_uid="survey-figures"
        )
