"""The emails Spotter sends, in Thai (the default) and English."""

from __future__ import annotations

from dataclasses import dataclass

from jinja2 import Environment, select_autoescape

_env = Environment(autoescape=select_autoescape(default=True), keep_trailing_newline=True)

HTML = _env.from_string(
    """<!doctype html>
<html lang="{{ language }}"><body style="font-family: sans-serif; line-height: 1.5">
<h2>{{ heading }}</h2>
{% for paragraph in paragraphs %}<p>{{ paragraph }}</p>
{% endfor %}{% if link %}<p><a href="{{ link }}">{{ link_text }}</a></p>{% endif %}
<p style="color: #777; font-size: 12px">Spotter</p>
</body></html>
"""
)

TEXTS: dict[str, dict[str, dict[str, object]]] = {
    "invitation": {
        "th": {
            "subject": "{trainer} เชิญคุณฝึกกับ Spotter",
            "heading": "คุณได้รับคำเชิญ",
            "paragraphs": [
                "{trainer} เชิญคุณเข้าร่วมเป็นลูกเทรนบน Spotter",
                "ลงทะเบียนหรือเข้าสู่ระบบจากลิงก์นี้เพื่อตอบรับคำเชิญ ลิงก์นี้ยืนยันด้วยว่าอีเมลนี้เป็นของคุณ",
            ],
            "link_text": "ตอบรับคำเชิญ",
        },
        "en": {
            "subject": "{trainer} invited you to train on Spotter",
            "heading": "You are invited",
            "paragraphs": [
                "{trainer} invited you to train with them on Spotter.",
                "Sign up or sign in through this link to accept;"
                " it also confirms that this email address is yours.",
            ],
            "link_text": "Answer the invitation",
        },
    },
    "reminder": {
        "th": {
            "subject": "เตือนนัดฝึก: {title} {date} {time}",
            "heading": "อย่าลืมนัดฝึกของคุณ",
            "paragraphs": ["{title} วันที่ {date} เวลา {time}", "สถานที่: {location}"],
            "link_text": "ดูตารางนัด",
        },
        "en": {
            "subject": "Reminder: {title} on {date} at {time}",
            "heading": "Your session is coming up",
            "paragraphs": ["{title} on {date} at {time}.", "Where: {location}"],
            "link_text": "See your schedule",
        },
    },
    "security_alert": {
        "th": {
            "subject": "การแจ้งเตือนความปลอดภัยจาก Spotter",
            "heading": "มีการใช้โทเค็นเข้าสู่ระบบเดิมซ้ำ",
            "paragraphs": ["เราจึงออกจากระบบอุปกรณ์นั้นให้แล้ว", "หากไม่ใช่คุณ โปรดเปลี่ยนรหัสผ่านทันที"],
            "link_text": "เปิด Spotter",
        },
        "en": {
            "subject": "Spotter security alert",
            "heading": "An old sign-in token was used again",
            "paragraphs": [
                "We signed that device out.",
                "If this was not you, change your password now.",
            ],
            "link_text": "Open Spotter",
        },
    },
    "verify_email": {
        "th": {
            "subject": "ยืนยันอีเมลของคุณสำหรับ Spotter",
            "heading": "ยืนยันอีเมลของคุณ",
            "paragraphs": [
                "เปิดลิงก์ด้านล่างเพื่อยืนยันว่าอีเมลนี้เป็นของคุณ ลิงก์ใช้ได้ครั้งเดียวภายใน 24 ชั่วโมง",
                "หากคุณไม่ได้สมัคร Spotter ไม่ต้องทำอะไร",
            ],
            "link_text": "ยืนยันอีเมล",
        },
        "en": {
            "subject": "Confirm your email address for Spotter",
            "heading": "Confirm your email address",
            "paragraphs": [
                "Open the link below to confirm that this address is yours."
                " It works once, within 24 hours.",
                "If you did not sign up for Spotter, ignore this email.",
            ],
            "link_text": "Confirm my email",
        },
    },
    "password_reset": {
        "th": {
            "subject": "ตั้งรหัสผ่าน Spotter ใหม่",
            "heading": "ตั้งรหัสผ่านใหม่",
            "paragraphs": [
                "มีคำขอตั้งรหัสผ่านใหม่สำหรับบัญชีนี้ ลิงก์ใช้ได้ครั้งเดียวภายใน 1 ชั่วโมง",
                "หากคุณไม่ได้ขอ ไม่ต้องทำอะไร รหัสผ่านเดิมยังใช้ได้",
            ],
            "link_text": "ตั้งรหัสผ่านใหม่",
        },
        "en": {
            "subject": "Reset your Spotter password",
            "heading": "Choose a new password",
            "paragraphs": [
                "Someone asked to reset the password of this account."
                " The link works once, within 1 hour.",
                "If it was not you, ignore this email: your password stays as it is.",
            ],
            "link_text": "Choose a new password",
        },
    },
    "password_changed": {
        "th": {
            "subject": "รหัสผ่าน Spotter ของคุณถูกเปลี่ยนแล้ว",
            "heading": "รหัสผ่านของคุณถูกเปลี่ยนแล้ว",
            "paragraphs": [
                "เราออกจากระบบในอุปกรณ์อื่นทั้งหมดให้แล้ว",
                'หากไม่ใช่คุณ โปรดตั้งรหัสผ่านใหม่ทันทีด้วย "ลืมรหัสผ่าน"',
            ],
            "link_text": "เปิด Spotter",
        },
        "en": {
            "subject": "Your Spotter password was changed",
            "heading": "Your password was changed",
            "paragraphs": [
                "Every other sign-in to your account has been ended.",
                'If this was not you, reset your password now with "Forgot password".',
            ],
            "link_text": "Open Spotter",
        },
    },
}


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    text: str
    html: str


def render(kind: str, language: str, link: str | None, **params: str) -> RenderedEmail:
    texts = TEXTS[kind].get(language) or TEXTS[kind]["th"]
    fill = {key: value for key, value in params.items()}
    subject = str(texts["subject"]).format(**fill)
    heading = str(texts["heading"]).format(**fill)
    paragraphs = [str(p).format(**fill) for p in texts["paragraphs"]]  # type: ignore[attr-defined]
    link_text = str(texts["link_text"])
    text = "\n\n".join([heading, *paragraphs, *([f"{link_text}: {link}"] if link else [])]) + "\n"
    html = HTML.render(
        language=language, heading=heading, paragraphs=paragraphs, link=link, link_text=link_text
    )
    return RenderedEmail(subject, text, html)
