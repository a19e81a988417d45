"""Local servers that imitate provider APIs and hold every exchange to the provider's contract."""

from .conjur import ConjurStandIn
from .contract import ContractGuard
from .mattermost import MattermostStandIn
from .serve import Server, serve, served

__all__ = ["ConjurStandIn", "ContractGuard", "MattermostStandIn", "Server", "serve", "served"]
