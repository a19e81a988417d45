"""The stand-in that imitates each secret type's provider API, by secret type id.

A provider stand-in offers what the snippet and incident tests need, whatever the provider:

- `add_user(username)` and `add_admin(username)` return a record with `id` and `username`, the
  name the provider's who-am-I call reports the account by (most keep the one asked for);
- `create_token(user_id, description)` returns `(token_id, token_value)`;
- `inputs(owner, token_id, token)` returns the value of each of the catalog's action inputs
  (placeholder -> value) for a leaked token of `owner`;
- `misuse(base_url, token, user)` does with the leaked token something the provider's audit
  trail records, and returns the texts the audit action's output must then show (what was
  done and, where the provider records it, the caller's address) and the secrets it must not;
- `create_narrow_token(user_id, description)`, where the check has a `limited` status, makes a
  live token that the check call answers with that status;
- `sign_in(user_id)`, where no account may manage another's tokens or the secret is no API
  credential (a webhook URL), returns the owner's own API credential, which the incident tests
  then use for the calls the catalog marks `admin`;
- `revoke_in_ui(token_id)`, where the catalog has no revoke call, revokes the token as the
  provider's own interface does, so the tests can prove the check then calls it dead;
- `second_header_value(owner)`, where the catalog has an api.auth.second_header, returns the
  value that header carries for a token of `owner` (such as the owner's user ID);
- `require_optional_headers(owner)`, where the revoke call has optional headers, makes the
  provider demand them for `owner`'s tokens and returns each optional input's value;
- `url`, where the secret is a URL (api.credential_in: url), is set to the served address before
  `create_token` is called, so the URLs it returns lead to the stand-in;
- `seen_tokens` lists every credential the stand-in was sent (for a URL secret, every URL called);
- `assert_clean()` fails on any exchange that broke the provider's contract.
"""

from __future__ import annotations

from .aws import AwsStandIn
from .github import GitHubStandIn
from .github_fine_grained import FineGrainedStandIn
from .gitlab import GitLabStandIn
from .mattermost import MattermostStandIn
from .mattermost_webhooks import MattermostWebhookStandIn
from .npm import NpmStandIn
from .openai import OpenAIStandIn
from .pypi import PyPIStandIn
from .rocketchat import RocketChatStandIn
from .slack import SlackStandIn
from .slack_webhook import SlackWebhookStandIn
from .stripe import StripeStandIn

STANDINS: dict[str, type] = {
    "aws-access-key": AwsStandIn,
    "github-classic-token": GitHubStandIn,
    "github-fine-grained-token": FineGrainedStandIn,
    "gitlab-personal-token": GitLabStandIn,
    "mattermost-incoming-webhook-url": MattermostWebhookStandIn,
    "mattermost-personal-token": MattermostStandIn,
    "npm-access-token": NpmStandIn,
    "openai-api-key": OpenAIStandIn,
    "rocketchat-personal-token": RocketChatStandIn,
    "pypi-api-token": PyPIStandIn,
    "slack-bot-token": SlackStandIn,
    "slack-incoming-webhook-url": SlackWebhookStandIn,
    "stripe-secret-key": StripeStandIn,
}


def standin_for(secret_id: str):
    """A new stand-in for the secret type, or an error that says where to add one."""
    try:
        return STANDINS[secret_id]()
    except KeyError:
        raise LookupError(
            f"catalog/{secret_id}.yaml has no stand-in: add one to STANDINS in {__name__}"
        ) from None
