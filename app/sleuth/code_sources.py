"""Code sources: where a code deployment's commits are read when a deploy names only its sha.

Saved only once the host said yes (`CodeHost.check`, one call, under the same address policy as Jira
connections: https to public addresses unless SLEUTH_ALLOW_PRIVATE_URLS=1), with the token encrypted at
rest and never shown back. A save without a token keeps the stored one, so a rename of the repository's
settings needs no secret typed again; `token: ""` removes it.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, Field, model_validator

from app.code_hosts.hosts import CodeHostError, Repository
from app.code_hosts.registry import CodeHosts
from app.crypto import SecretBox, SecretDecryptionError
from app.net import UnsafeUrlError, normalize_site_url
from app.sleuth.errors import InvalidInput
from app.sleuth.plain_text import no_control_characters
from models import CodeDeployment, CodeHostProvider, CodeSource

TOKEN_PURPOSE = "code_source.token"
NEEDS_REPOSITORY = {
    CodeHostProvider.GITHUB, CodeHostProvider.GITHUB_ENTERPRISE, CodeHostProvider.GITLAB,
    CodeHostProvider.BITBUCKET, CodeHostProvider.AZURE_DEVOPS,
}  # fmt: skip


def _branch_name(value: str) -> str:
    value = value.strip()
    if value.startswith("-") or " " in value or ".." in value:
        raise ValueError("must be a git branch name (no spaces, no '..', not starting with '-')")
    return value


Text = Annotated[str, Field(max_length=1000), AfterValidator(no_control_characters)]
Path = Annotated[str, Field(min_length=1, max_length=500), AfterValidator(no_control_characters)]


class NewCodeSource(BaseModel):
    """A code deployment's code source, as the API and the UI take it."""

    provider: CodeHostProvider
    repository: Annotated[Text, Field(max_length=255, description="owner/name, a GitLab project path, or organization/project/repository (Azure DevOps)")] = ""  # noqa: E501
    url: Text = Field(default="", description="custom_git: an http(s) git remote")
    api_url: Text = Field(default="", description="github_enterprise (e.g. https://ghe.example/api/v3), self-managed gitlab")
    branch: Annotated[Text, Field(max_length=255), AfterValidator(_branch_name)] = Field(
        default="", description="the deployed branch, for Terraform Cloud's notifications; empty: the default branch"
    )
    token: Annotated[str | None, Field(max_length=2000), AfterValidator(no_control_characters)] = Field(
        default=None, description="read access to the repository; omitted keeps the stored one, empty removes it"
    )
    path_includes: Annotated[list[Path], Field(max_length=50)] = []
    path_excludes: Annotated[list[Path], Field(max_length=50)] = []

    @model_validator(mode="after")
    def _what_the_provider_needs(self) -> NewCodeSource:
        self.repository = self.repository.strip().strip("/")
        if self.provider in NEEDS_REPOSITORY and not self.repository:
            raise ValueError(f"a {self.provider.value} code source needs its repository")
        if self.provider is CodeHostProvider.GITHUB_ENTERPRISE and not self.api_url.strip():
            raise ValueError("a github_enterprise code source needs its api_url, like https://ghe.example/api/v3")
        if self.provider is CodeHostProvider.CUSTOM_GIT and not self.url.strip():
            raise ValueError("a custom_git code source needs its url, an http(s) git remote")
        return self


def repository_of(source: CodeSource, secret_box: SecretBox) -> Repository:
    """What the code host needs, the token decrypted."""
    token = secret_box.decrypt(source.token, TOKEN_PURPOSE) if source.token else None
    return Repository(
        provider=CodeHostProvider(source.provider), name=source.repository, url=source.url, api_url=source.api_url, token=token
    )


async def checked_code_source(
    new: NewCodeSource,
    *,
    stored: CodeSource | None,
    hosts: CodeHosts,
    secret_box: SecretBox,
    allow_private_urls: bool,
) -> dict[str, Any]:
    """The columns of `new` once its host said yes to it (InvalidInput with the host's refusal otherwise);
    without a token, `stored`'s token is kept."""
    token = new.token if new.token is not None else _stored_token(stored, secret_box)
    repository = Repository(
        provider=new.provider,
        name=new.repository,
        url=_url("url", new.url, allow_private_urls),
        api_url=_url("api_url", new.api_url, allow_private_urls),
        token=token or None,
    )
    try:
        await hosts.host(repository).check()
    except CodeHostError as error:
        raise InvalidInput(error.reason, field="code_source") from None
    return {
        "provider": new.provider,
        "repository": repository.name,
        "url": repository.url,
        "api_url": repository.api_url,
        "branch": new.branch,
        "token": secret_box.encrypt(token, TOKEN_PURPOSE) if token else None,
        "path_includes": new.path_includes,
        "path_excludes": new.path_excludes,
    }


async def set_code_source(
    code_deployment: CodeDeployment,
    new: NewCodeSource | None,
    *,
    hosts: CodeHosts,
    secret_box: SecretBox,
    allow_private_urls: bool,
) -> CodeSource | None:
    """Save (after the host said yes), replace, or (`new` None) remove the code deployment's code source."""
    stored = await CodeSource.get_or_none(code_deployment=code_deployment)
    if new is None:
        if stored is not None:
            await stored.delete()
        return None
    fields = await checked_code_source(
        new, stored=stored, hosts=hosts, secret_box=secret_box, allow_private_urls=allow_private_urls
    )
    if stored is None:
        return await CodeSource.create(code_deployment=code_deployment, **fields)
    await stored.update_from_dict(fields).save()
    return stored


def _stored_token(stored: CodeSource | None, secret_box: SecretBox) -> str | None:
    """The stored token; None when there is none, or when it no longer decrypts (SLEUTH_SECRET_KEY was
    changed), so that the host's refusal asks for it again instead of a failure."""
    if stored is None or not stored.token:
        return None
    try:
        return secret_box.decrypt(stored.token, TOKEN_PURPOSE)
    except SecretDecryptionError:
        return None


def _url(name: str, raw: str, allow_private: bool) -> str:
    if not raw.strip():
        return ""
    try:
        return normalize_site_url(raw, allow_private=allow_private)
    except UnsafeUrlError as error:
        raise InvalidInput(f"The code source's {name}: {error}", field="code_source") from None
