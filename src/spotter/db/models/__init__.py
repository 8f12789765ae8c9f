"""Every table as a typed model; importing this package registers them all."""

from spotter.db.models.account_tokens import AccountToken
from spotter.db.models.api_rate_limits import ApiRateLimit
from spotter.db.models.audit_logs import AuditLog
from spotter.db.models.body_weight_entries import BodyWeightEntry
from spotter.db.models.exercises import Exercise
from spotter.db.models.notifications import Notification
from spotter.db.models.personal_records import PersonalRecord
from spotter.db.models.schedules import Schedule
from spotter.db.models.session_cards import SessionCard
from spotter.db.models.settings import UserSettings
from spotter.db.models.templates import ExerciseTemplate, ProgramTemplate, TraineeProgram
from spotter.db.models.trainer_trainees import TrainerTrainee
from spotter.db.models.user_sessions import UserSession
from spotter.db.models.users import User
from spotter.db.models.webhooks import EventOutbox, IdempotencyKey, Webhook, WebhookDelivery
from spotter.db.models.workouts import Workout

__all__ = [
    "AccountToken",
    "ApiRateLimit",
    "AuditLog",
    "BodyWeightEntry",
    "EventOutbox",
    "Exercise",
    "ExerciseTemplate",
    "IdempotencyKey",
    "Notification",
    "PersonalRecord",
    "ProgramTemplate",
    "Schedule",
    "SessionCard",
    "TraineeProgram",
    "TrainerTrainee",
    "User",
    "UserSession",
    "UserSettings",
    "Webhook",
    "WebhookDelivery",
    "Workout",
]
