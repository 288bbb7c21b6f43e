"""Stored data. Patient data identifies no one; staff data is for accountability."""

from .audit import AuditEvent
from .base import Base
from .patient import PRIORITY
from .patient import RED_FLAG_LEVELS
from .patient import STATUSES
from .patient import UNREVIEWED
from .patient import Draft
from .patient import Submission
from .patient import SubmissionRegion
from .patient import triage_rank
from .snapshot import QuestionnaireSnapshot
from .staff import ROLES
from .staff import StaffDevice
from .staff import StaffNote
from .staff import StaffSession
from .staff import StaffUser
from .tally import CountedIndicator
from .tally import DayCount
from .tally import RegionTally
from .tally import RegionTotal
from .tally import SubmissionTally
from .tally import SubmissionTotal
from .tally import WeekCount

__all__ = [
    "PRIORITY",
    "RED_FLAG_LEVELS",
    "ROLES",
    "STATUSES",
    "UNREVIEWED",
    "AuditEvent",
    "Base",
    "CountedIndicator",
    "DayCount",
    "Draft",
    "QuestionnaireSnapshot",
    "RegionTally",
    "RegionTotal",
    "StaffDevice",
    "StaffNote",
    "StaffSession",
    "StaffUser",
    "Submission",
    "SubmissionRegion",
    "SubmissionTally",
    "SubmissionTotal",
    "WeekCount",
    "triage_rank",
]
