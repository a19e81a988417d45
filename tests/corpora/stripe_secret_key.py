"""Where Stripe secret and restricted API keys really leak, and values a scanner must leave alone.

`{token}` becomes a fresh key a scanner must report: mostly live secret keys of today's length,
some test, restricted or older 24-character ones. `{id}` becomes a publishable key, which has the
same shape but is meant to be public. Look-alikes stand outside quotes and away from words such
as "key", as publishable keys do in logs and prose; detect-secrets' entropy plugins would report
any quoted random string, whatever its prefix.
"""

from __future__ import annotations

import secrets

from tests.standins.stripe import BODY, LEGACY_BODY, new_key

# (kind, mode, body length) of the keys that are not live secret keys of today's length.
OTHER_KEYS = [
    ("sk", "test", BODY),
    ("rk", "live", BODY),
    ("rk", "test", BODY),
    ("sk", "live", LEGACY_BODY),
]


def new_token() -> str:
    """Half of them live secret keys of today's length, the rest of the other kinds."""
    if secrets.randbelow(2):
        return new_key("sk", "live")
    kind, mode, width = secrets.choice(OTHER_KEYS)
    return new_key(kind, mode, width)


def new_look_alike() -> str:
    """A publishable key: `pk_` instead of `sk_` or `rk_`, the same letters and digits after."""
    return new_key("pk", secrets.choice(["live", "test"]))


LEAKS = {
    ".env": """\
STRIPE_API_URL=https://api.stripe.com
STRIPE_SECRET_KEY={token}
""",
    "deploy/charge.sh": """\
#!/bin/sh
curl https://api.stripe.com/v1/charges -u {token}: -d amount=2000 -d currency=usd
""",
    ".github/workflows/deploy.yml": """\
name: deploy
on: push
jobs:
  deploy:
    runs-on: ubuntu-latest
    env:
      STRIPE_SECRET_KEY: {token}
    steps:
      - run: ./deploy.sh
""",
    ".bash_history": """\
export STRIPE_SECRET_KEY={token}
stripe login --interactive
curl https://api.stripe.com/v1/balance -u {token}:
""",
    "config/payments.yaml": """\
stripe:
  secret_key: {token}
  webhook_path: /stripe/webhooks
""",
    "settings.json": """\
{
  "stripe": {
    "apiBase": "https://api.stripe.com",
    "secretKey": "{token}"
  }
}
""",
    ".config/stripe/config.toml": """\
[default]
  device_name = "build-box"
  live_mode_api_key = "{token}"
  test_mode_api_key = "{token}"
""",
    "server/payments.py": """\
import stripe

stripe.api_key = "{token}"


def balance():
    return stripe.Balance.retrieve()
""",
    "server/checkout.mjs": """\
import Stripe from "stripe";

const stripe = new Stripe("{token}");
const session = await stripe.checkout.sessions.create({ mode: "payment" });
""",
    "cmd/payments/main.go": """\
package main

import "github.com/stripe/stripe-go/v82"

func main() {
\tstripe.Key = "{token}"
}
""",
    "src/main/java/Payments.java": """\
public final class Payments {
  static {
    com.stripe.Stripe.apiKey = "{token}";
  }
}
""",
    "src/payments.rs": """\
const STRIPE_SECRET_KEY: &str = "{token}";
""",
}

NEAR_MISSES = {
    "docs/payments.md": """\
# Payments setup

Publishable ones start with pk_live_ and go in the browser, as in {id}.
Secret ones (sk_live_ and sk_test_) stay on the server, like sk_test_abc123 in the tutorial.
The old one ended in 4eC3 and was rotated in the Dashboard.
""",
    "logs/checkout.log": """\
2026-11-30T10:02:11Z checkout page loaded publishable {id}
2026-11-30T10:02:12Z created a payment intent for order 1042
""",
    "web/checkout.html": """\
<script src="https://js.stripe.com/v3/"></script>
<!-- publishable, safe to ship in the page: {id} -->
""",
    ".env.example": """\
STRIPE_API_URL=https://api.stripe.com
# Paste a secret key (it starts with sk_live_ or sk_test_) here; never commit a real one.
STRIPE_SECRET_KEY=
""",
}

# A settings file the pre-commit hooks must refuse to commit.
PRE_COMMIT = (".env", "STRIPE_API_URL=https://api.stripe.com\nSTRIPE_SECRET_KEY={token}\n")
