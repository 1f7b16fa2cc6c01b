"""One settings file; every knob comes from the environment with a safe local default.

See README.md ("Configuration") for the table of variables.
"""

import os
import re
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = env(name, "").strip().lower()
    if not value:
        return default
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_int(name: str, default: int, minimum: int = 1, maximum: int | None = None) -> int:
    value = env(name, "").strip()
    if not value:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None
    if number < minimum or (maximum is not None and number > maximum):
        bounds = f"from {minimum} to {maximum}" if maximum is not None else f"at least {minimum}"
        raise ImproperlyConfigured(f"{name} must be {bounds}, not {number}")
    return number


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "django-insecure-local-development-only"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "axes",
    "speakers",
    "archive",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "archive.outage.DatabaseOutageMiddleware",
    # A 3,000-line transcript is about 1 MB of HTML and a tenth of that gzipped.
    # (Django masks CSRF tokens per request, which is what keeps BREACH off.)
    "django.middleware.gzip.GZipMiddleware",
    # Content-Security-Policy and Permissions-Policy on every response but static files.
    "archive.security.ContentSecurityPolicyMiddleware",
    "archive.security.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a locked-out login into its 429 answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60, minimum=0),
        # A reused connection is tested before each request's first query, so workers
        # reconnect by themselves after a database restart (archive.outage: 503 meanwhile).
        conn_health_checks=True,
    )
}
# Seconds a writer waits for another to finish (two imports of one episode) before giving up.
DATABASE_LOCK_TIMEOUT = env_int("DATABASE_LOCK_TIMEOUT", 20)
# Seconds to wait for the PostgreSQL server to accept a connection (an outage answers 503 then).
DATABASE_CONNECT_TIMEOUT = env_int("DATABASE_CONNECT_TIMEOUT", 5)
_database = DATABASES["default"]
if _database["ENGINE"] == "django.db.backends.sqlite3":
    _database["OPTIONS"] = {
        # WAL: readers never wait for the writer, nor it for them. With WAL, NORMAL syncs at
        # checkpoints rather than every commit: a killed process loses nothing, a power cut
        # at most the last commits (an import is re-run), and the file is never corrupt.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        # Take the write lock at BEGIN: a transaction that reads, then writes (an import)
        # waits its turn instead of failing at once with "database is locked".
        "transaction_mode": "IMMEDIATE",
        "timeout": DATABASE_LOCK_TIMEOUT,  # the busy timeout
        **_database.get("OPTIONS", {}),
    }
elif _database["ENGINE"] == "django.db.backends.postgresql":
    _database["OPTIONS"] = {
        "connect_timeout": DATABASE_CONNECT_TIMEOUT,
        "options": f"-c lock_timeout={DATABASE_LOCK_TIMEOUT}s",
        **_database.get("OPTIONS", {}),  # ?connect_timeout=… in DATABASE_URL wins
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The admin lives here (config/urls.py); a path nobody guesses keeps scanners off its login.
ADMIN_URL = env("ADMIN_URL", "admin/")
if not re.fullmatch(r"([-\w]+/)+", ADMIN_URL):
    raise ImproperlyConfigured(f"ADMIN_URL must read like admin/ or staff/desk/, not {ADMIN_URL!r}")

# Staff logins are counted by django-axes (archive.security.LoginAttemptsBackend first):
# after AXES_FAILURE_LIMIT wrong passwords for one username from one address, that pair is
# refused (429), right password or not, until AXES_COOLOFF_MINUTES pass without another try.
# The address is the one API throttling uses (API_NUM_PROXIES, below). A superuser can lift
# a lockout early under "Axes" in the admin, or anyone with `manage.py axes_reset`.
AUTHENTICATION_BACKENDS = [
    "archive.security.LoginAttemptsBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "archive.security.client_ip"
AXES_VERBOSE = False  # no banner on every manage.py; lockouts are still logged as warnings

LANGUAGE_CODE = "en"
# Dates on pages, and the months, quarters and years of every timeline, are in this zone.
TIME_ZONE = env("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
# Names this deployment (a git commit, say) in every page's ETag, so that new templates
# are never answered with "304 Not Modified" for a page rendered by the old ones.
RELEASE = env("RELEASE", "dev")
# Rendered transcripts, quote cards and the API's throttle counts live in the cache.
# Without CACHE_URL each worker keeps its own in memory (CACHE_MAX_ENTRIES bounds it:
# a long transcript is ~1 MB); with CACHE_URL=redis://host:6379/0 every worker and app
# server shares one, so a second server renders nothing twice and throttles agree.
CACHE_URL = env("CACHE_URL")
if CACHE_URL and not CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured(f"CACHE_URL must be a redis:// URL, not {CACHE_URL!r}")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
        if CACHE_URL
        else {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": env_int("CACHE_MAX_ENTRIES", 200)},
        }
    )
}

# WhiteNoise knows .ogg but not .opus: say what the demo's audio is, so players accept it.
WHITENOISE_MIMETYPES = {".opus": "audio/ogg"}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# What the transcript importer accepts; each refusal names the limit it hit.
TRANSCRIPT_MAX_BYTES = env_int("TRANSCRIPT_MAX_BYTES", 20 * 1024 * 1024)
TRANSCRIPT_MAX_SEGMENTS = env_int("TRANSCRIPT_MAX_SEGMENTS", 200_000)
# Bounded by the columns: a label is stored in 200 characters, times in 32-bit milliseconds.
TRANSCRIPT_MAX_LABEL_LENGTH = env_int("TRANSCRIPT_MAX_LABEL_LENGTH", 200, maximum=200)
TRANSCRIPT_MAX_HOURS = env_int("TRANSCRIPT_MAX_HOURS", 48, maximum=596)
TRANSCRIPT_MAX_JSON_DEPTH = env_int("TRANSCRIPT_MAX_JSON_DEPTH", 64)
TRANSCRIPT_MAX_UTTERANCE_CHARS = env_int("TRANSCRIPT_MAX_UTTERANCE_CHARS", 100_000)
DATA_UPLOAD_MAX_MEMORY_SIZE = TRANSCRIPT_MAX_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = TRANSCRIPT_MAX_BYTES + 1024 * 1024

# How archive.feeds.fetch reaches feeds and transcripts on the open internet.
FEED_TIMEOUT_SECONDS = env_int("FEED_TIMEOUT_SECONDS", 15)  # connect, and each wait for data
FEED_DEADLINE_SECONDS = env_int("FEED_DEADLINE_SECONDS", 60)  # the whole download, redirects too
FEED_MAX_BYTES = env_int("FEED_MAX_BYTES", 50 * 1024 * 1024)  # after gzip is undone
FEED_MAX_REDIRECTS = env_int("FEED_MAX_REDIRECTS", 5, minimum=0, maximum=20)
# Hosts reachable even at private or loopback addresses (a feed on the LAN; tests on 127.0.0.1).
FEED_ALLOWED_HOSTS = env_list("FEED_ALLOWED_HOSTS")
# Names us to feed hosts; a deployment should add a contact URL, e.g. "... (+https://example.org/)".
FEED_USER_AGENT = env("FEED_USER_AGENT", "PodcastAppearanceArchive/0.1 (podcast archive)")
FEED_MAX_ITEMS = env_int("FEED_MAX_ITEMS", 20_000)  # a feed with more is refused whole

# The read-only JSON API (archive/api/). Anonymous callers are throttled per IP address,
# counted in the cache above (so per worker while CACHES is locmem); staff signed in are not.
API_ANON_RATE = env("API_ANON_RATE", "120/min")
_RATE_PERIODS = {"s", "sec", "second", "m", "min", "minute", "h", "hour", "d", "day"}
_count, _, _period = API_ANON_RATE.partition("/")
if not (_count.isdigit() and _period in _RATE_PERIODS):
    raise ImproperlyConfigured(f"API_ANON_RATE must read like 120/min, not {API_ANON_RATE!r}")
# Proxies in front that append to X-Forwarded-For: the caller is the address the last of
# them saw. With none (0) it is REMOTE_ADDR and a forged header cannot dodge the limit.
# Production runs behind one (as SECURE_PROXY_SSL_HEADER assumes).
API_NUM_PROXIES = env_int("API_NUM_PROXIES", 0 if DEBUG else 1, minimum=0, maximum=10)
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    # Sessions only: staff browsing the API are known; Basic auth would be a password oracle.
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_THROTTLE_CLASSES": ["archive.api.throttling.AnonymousRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": API_ANON_RATE},
    "NUM_PROXIES": API_NUM_PROXIES,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Podcast appearance archive API",
    "DESCRIPTION": "Read-only JSON: speakers, their appearances, shows, episodes, transcripts, "
    "and search. Only what the public site shows.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/",
    # Django's <slug:> accepts only these characters; saying so keeps generated clients in bounds.
    "PATH_CONVERTER_OVERRIDES": {"slug": {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$"}},
    # Swagger UI from drf-spectacular-sidecar's static files, no CDN, and without its
    # validator badge, which would send the schema's address to validator.swagger.io.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "archive.api.schema.document_throttling",
    ],
}

# Response headers, in development too, so that what the browser tests see is production's.
# Scripts and styles come from our own static files or carry the request's nonce
# ({{ CSP_NONCE }}); no inline style attributes, no third-party origins but images and audio,
# which feeds link from wherever their hosts keep them. Nothing may frame a page but the
# views marked xframe_options_exempt (the quote embed), which get EMBED_FRAME_ANCESTORS:
# archive.security.ContentSecurityPolicyMiddleware keeps the two headers in agreement.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "https:"],
        "media-src": [SELF, "https:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [NONE],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        # Production is HTTPS only: an http:// artwork or audio URL from a feed is fetched
        # over https:// rather than refused as mixed content.
        "upgrade-insecure-requests": not DEBUG,
    },
}
EMBED_FRAME_ANCESTORS = ["*"]
# The only other loosenings, by URL name: sources added to a directive for that page alone.
CONTENT_SECURITY_POLICY_ADDITIONS = {
    # Swagger UI draws its icons as data: images from its script.
    "api:docs": {"img-src": ["data:"]},
}
X_FRAME_OPTIONS = "DENY"
# Links out (show notes, episode pages, feed hosts serving audio and artwork) carry no Referer:
# which page a reader was on, search terms included, stays here.
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
# Nothing here asks for a device or a sensor; a framing page cannot delegate one to the embed.
PERMISSIONS_POLICY_DENIED = [
    "accelerometer",
    "browsing-topics",
    "camera",
    "display-capture",
    "fullscreen",
    "geolocation",
    "gyroscope",
    "hid",
    "idle-detection",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "publickey-credentials-get",
    "screen-wake-lock",
    "serial",
    "usb",
    "xr-spatial-tracking",
]

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

LOG_LEVEL = env("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # Django's DEFAULT_LOGGING gives "django" its own console (and mail_admins)
        # handler and lets it propagate, so every django.* record was printed twice.
        # No handlers here removes them: django.* goes through root only, once.
        # "django.server" keeps Django's own handler and propagate=False.
        "django": {"handlers": [], "level": LOG_LEVEL},
    },
}
