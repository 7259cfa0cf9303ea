from permits.models.application import Applicant, Application
from permits.models.batch import BatchItem, NumberingBatch
from permits.models.checklists import CommitmentCheck, FieldInspection, RequirementCheck
from permits.models.declared_file import DeclaredFile
from permits.models.handover import Handover
from permits.models.kept_upload import KeptUpload
from permits.models.letter import Letter, LetterKind, LetterSeries, Signatory
from permits.models.permit import Permit
from permits.models.standard import (
    ApplicantKind,
    CommitmentType,
    Requirement,
    Service,
    ServiceStandard,
    StandardItem,
)

__all__ = [
    "Applicant",
    "ApplicantKind",
    "Application",
    "BatchItem",
    "CommitmentCheck",
    "CommitmentType",
    "DeclaredFile",
    "FieldInspection",
    "Handover",
    "KeptUpload",
    "Letter",
    "LetterKind",
    "LetterSeries",
    "NumberingBatch",
    "Permit",
    "Requirement",
    "RequirementCheck",
    "Service",
    "ServiceStandard",
    "Signatory",
    "StandardItem",
]
