"""The Tortoise models of Sleuth for Jira, one module per aggregate. Tortoise and aerich load this
package as the app "models"; `__models__` lists what they manage."""

from models.code_source import CodeHostProvider, CodeSource, CommitDiscovery, CommitsStatus, DiscoveryStatus
from models.delivery import DeliveryKind, DeliveryStatus, JiraDelivery
from models.deploy import Deploy, DeployCommit, DeployIssue
from models.issue_tracker import IssueTracker, SiteConsent, TrackerProvider
from models.organization import ApiKey, ApiKeyKind, ApiKeyScope, Organization
from models.project import ChangeSourceKind, CodeDeployment, Environment, JiraEnvironmentType, Project
from models.tenant import Tenant, UsedInstallToken
from models.user import SignInAttempt, User, UserRole

__models__ = [
    Tenant,
    Organization,
    ApiKey,
    User,
    IssueTracker,
    Project,
    Environment,
    CodeDeployment,
    CodeSource,
    Deploy,
    DeployCommit,
    DeployIssue,
    JiraDelivery,
    CommitDiscovery,
    SignInAttempt,
    UsedInstallToken,
]

__all__ = [
    "ApiKey",
    "ApiKeyKind",
    "ApiKeyScope",
    "ChangeSourceKind",
    "CodeDeployment",
    "CodeHostProvider",
    "CodeSource",
    "CommitDiscovery",
    "CommitsStatus",
    "DeliveryKind",
    "DeliveryStatus",
    "Deploy",
    "DeployCommit",
    "DeployIssue",
    "DiscoveryStatus",
    "Environment",
    "IssueTracker",
    "JiraDelivery",
    "JiraEnvironmentType",
    "Organization",
    "Project",
    "SignInAttempt",
    "SiteConsent",
    "Tenant",
    "TrackerProvider",
    "UsedInstallToken",
    "User",
    "UserRole",
]
