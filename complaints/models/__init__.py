from complaints.models.complaint import (
    Category,
    Channel,
    Complaint,
    ComplaintEvent,
    ComplaintTier,
)
from complaints.models.lapor import (
    FollowUpState,
    LaporFollowUp,
    LaporNotification,
    LaporSyncRun,
    LaporSyncState,
)
from complaints.models.pledge import ServicePledge
from complaints.models.survey import (
    AgeBand,
    Education,
    Facet,
    Gender,
    Occupation,
    SampleSizeRow,
    SurveyFigure,
    SurveyResponse,
)

__all__ = [
    "AgeBand",
    "Category",
    "Channel",
    "Complaint",
    "ComplaintEvent",
    "ComplaintTier",
    "Education",
    "Facet",
    "FollowUpState",
    "Gender",
    "LaporFollowUp",
    "LaporNotification",
    "LaporSyncRun",
    "LaporSyncState",
    "Occupation",
    "SampleSizeRow",
    "ServicePledge",
    "SurveyFigure",
    "SurveyResponse",
]
