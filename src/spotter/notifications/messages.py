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
