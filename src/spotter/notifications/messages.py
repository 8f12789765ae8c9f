"""Notification texts in Thai (the default) and English."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, tuple[str, str]]] = {
    "roster_invitation": {
        "th": ("คำเชิญจากเทรนเนอร์", "{trainer} เชิญคุณเข้าร่วมเป็นลูกเทรนของเขา"),
        "en": ("Trainer invitation", "{trainer} invited you to train with them."),
    },
    "roster_accepted": {
        "th": ("ตอบรับคำเชิญแล้ว", "{trainee} ตอบรับคำเชิญของคุณแล้ว"),
        "en": ("Invitation accepted", "{trainee} accepted your invitation."),
    },
    "roster_ended": {
        "th": ("สิ้นสุดการฝึก", "{name} สิ้นสุดการฝึกร่วมกับคุณแล้ว"),
        "en": ("Training ended", "{name} ended your training link."),
    },
    "schedule_updated": {
        "th": ("นัดหมายมีการเปลี่ยนแปลง", "นัดฝึก {title} วันที่ {date} มีการเปลี่ยนแปลง"),
        "en": ("Appointment changed", "Your training session {title} on {date} was changed."),
    },
    "schedule_confirmed": {
        "th": ("ยืนยันนัดหมายแล้ว", "{name} ยืนยันนัดฝึก {title} วันที่ {date} แล้ว"),
        "en": ("Appointment confirmed", "{name} confirmed {title} on {date}."),
    },
    "schedule_cancelled": {
        "th": ("ยกเลิกนัดหมาย", "นัดฝึก {title} วันที่ {date} ถูกยกเลิกโดย {name}"),
        "en": ("Appointment cancelled", "{title} on {date} was cancelled by {name}."),
    },
    "workout_logged": {
        "th": ("บันทึกการฝึกแล้ว", "{name} บันทึกการฝึกวันที่ {date}"),
        "en": ("Workout logged", "{name} logged a workout on {date}."),
    },
    "session_card_created": {
        "th": ("การ์ดสรุปผลใหม่", "{name} เขียนการ์ดสรุปผลการฝึกวันที่ {date}"),
        "en": ("New session card", "{name} wrote a session card for {date}."),
    },
    "achievement_unlocked": {
        "th": ("สถิติใหม่!", "{exercise}: {record}"),
        "en": ("New personal record!", "{exercise}: {record}"),
    },
    "program_assigned": {
        "th": ("โปรแกรมใหม่", "{name} มอบหมายโปรแกรม {program} เริ่ม {date}"),
        "en": ("New program", "{name} assigned you {program}, starting {date}."),
    },
    "schedule_reminder": {
        "th": ("เตือนนัดฝึก", "นัดฝึก {title} วันที่ {date} เวลา {time}"),
        "en": ("Session reminder", "{title} on {date} at {time}."),
    },
    "webhook_disabled": {
        "th": ("ปิดเว็บฮุกแล้ว", "ส่งไปที่ {url} ไม่สำเร็จ จึงปิดไว้: {reason}"),
        "en": (
            "Webhook disabled",
            "Deliveries to {url} kept failing, so it was disabled: {reason}",
        ),
    },
    "security_alert": {
        "th": (
            "การแจ้งเตือนความปลอดภัย",
            "มีการใช้โทเค็นเข้าสู่ระบบเดิมซ้ำ เราจึงออกจากระบบอุปกรณ์นั้นให้แล้ว หากไม่ใช่คุณ โปรดเปลี่ยนรหัสผ่าน",
        ),
        "en": (
            "Security alert",
            "An old sign-in token was used again, so we signed that device out."
            " If this was not you, change your password.",
        ),
    },
}


def render(kind: str, language: str, **params: str) -> tuple[str, str]:
    texts = MESSAGES[kind]
    title, message = texts.get(language, texts["th"])
    return title, message.format(**params)
