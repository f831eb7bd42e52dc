"""The platform's user-facing Swedish text: the messages of HTTP errors (status → code, message)."""

from __future__ import annotations

ERROR_TEXTS: dict[int, tuple[str, str]] = {
    400: ("bad_request", "Förfrågan kunde inte tolkas."),
    401: ("unauthorized", "En giltig API-nyckel krävs (Authorization: Bearer ...)."),
    404: ("not_found", "Sidan eller resursen finns inte."),
    405: ("method_not_allowed", "Metoden är inte tillåten här."),
    409: ("conflict", "Det finns redan."),
    413: ("payload_too_large", "Förfrågan är för stor (högst 64 KiB)."),
    422: ("invalid_request", "Förfrågan innehåller fel."),
    429: ("too_many_requests", "För många misslyckade försök. Vänta en stund och försök igen."),
    500: ("internal_error", "Ett oväntat fel inträffade. Försök igen om en stund."),
    503: ("unavailable", "Tjänsten är tillfälligt otillgänglig. Försök igen om en stund."),
}
UNKNOWN_ERROR = "Förfrågan kunde inte utföras."
INVALID_IDEMPOTENCY_KEY = "Idempotency-Key ska vara 1–255 synliga ASCII-tecken."
IDEMPOTENCY_KEY_REUSED = (
    "Idempotency-Key har redan använts med en annan förfrågan. Använd en ny nyckel."
)
