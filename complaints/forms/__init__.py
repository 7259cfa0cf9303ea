from complaints.forms.complaint import (
    ActionForm,
    PublicComplaintForm,
    RecordedComplaintForm,
    TicketForm,
)
from complaints.forms.report import PeriodForm
from complaints.forms.survey import SurveyForm

__all__ = [
    "ActionForm",
    "PeriodForm",
    "PublicComplaintForm",
    "RecordedComplaintForm",
    "SurveyForm",
    "TicketForm",
]
