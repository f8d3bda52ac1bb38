"""`/graphql`: the part of Sleuth's GraphQL API that Sleuth's own clients ask before registering a deploy.

Sleuth's CLI (`sleuth deploy`) first asks for the environment's latest change, to send only the commits
since it, with `GET /graphql` carrying a JSON body `{"query": ...}` (and POST works too, as does a GET
with `?query=`). The key is the REST API's (`Authorization: Bearer <token>` or `apikey <key>`, any
scope): without a valid one the answer is a 401, which the CLI reports as such. Parsing, validation and
execution are graphql-core's, through ariadne; the schema below is all there is.
"""

from __future__ import annotations

from typing import Any

from ariadne import InterfaceType, ObjectType, QueryType, graphql, make_executable_schema
from ariadne.validation import cost_validator
from graphql import GraphQLError, GraphQLResolveInfo
from pydantic import BaseModel, Field, RootModel
from quart import Blueprint, Response, jsonify, request
from quart_schema import document_request, document_response, tag_blueprint

from app.sleuth.deploys import latest_deploy
from app.sleuth.errors import DomainError, NotFound
from app.sleuth.projects import get_code_deployment
from app.sleuth.urls import deploy_url
from app.web.api.auth import key_organization
from app.web.application import sleuth_app
from app.web.errors import APIError, ErrorBody
from models import CodeDeployment, Deploy, Organization

blueprint = Blueprint("graphql", __name__)
tag_blueprint(blueprint, ["GraphQL"])

SCHEMA = """
type Query {
  "A change source of the organization `orgSlug`: today, one of its code deployments."
  deployment(orgSlug: String!, deploymentSlug: String!): ChangeSource
}

interface ChangeSource {
  slug: String!
  name: String!
}

type CodeChangeSource implements ChangeSource {
  slug: String!
  name: String!
  "The newest deploy in the environment (a slug or a name); null when it has none."
  latestChange(environmentSlug: String!): Change
}

type Change {
  "The deployed commit's sha."
  revision: String!
  slug: String!
  "The deploy's page in Sleuth."
  url: String!
  date: String!
}
"""

query = QueryType()
change_source = InterfaceType("ChangeSource")
code_change_source = ObjectType("CodeChangeSource")
change = ObjectType("Change")


MAX_QUERY_LENGTH = 10_000


class GraphQLRequest(BaseModel):
    """A GraphQL request, in the body (JSON) or, for GET, the query string."""

    query: str = Field(description="the GraphQL document", min_length=1, max_length=MAX_QUERY_LENGTH)
    variables: dict[str, Any] | None = None
    operationName: str | None = None  # noqa: N815 - GraphQL's own field name


class GraphQLErrorMessage(BaseModel):
    message: str


class GraphQLErrors(BaseModel):
    """GraphQL's answer to a request it cannot run (not GraphQL, invalid, or asking too much): its `errors`,
    each with a `message`. An unknown deployment is a 200 with `data` and `errors`, as GraphQL answers."""

    errors: list[GraphQLErrorMessage]


class GraphQLRefusal(RootModel[GraphQLErrors | ErrorBody]):
    """A 400 of /graphql: GraphQL's `errors` for a request it cannot run, or the app's one sentence for a
    body refused before GraphQL reads it (a NUL character, text that is not UTF-8)."""


@query.field("deployment")
async def resolve_deployment(_: None, info: GraphQLResolveInfo, orgSlug: str, deploymentSlug: str) -> CodeDeployment:  # noqa: N803
    organization: Organization = info.context["organization"]
    if orgSlug != organization.slug:  # the key's organization only; another one reads as unknown
        raise GraphQLError(f"Organization {orgSlug!r} has no code deployment {deploymentSlug!r}.")
    try:
        return await get_code_deployment(organization, deploymentSlug)
    except NotFound as error:
        raise GraphQLError(error.message) from None


@change_source.type_resolver
def resolve_change_source_type(_: CodeDeployment, *__: Any) -> str:
    return "CodeChangeSource"


@code_change_source.field("latestChange")
async def resolve_latest_change(
    code_deployment: CodeDeployment, info: GraphQLResolveInfo, environmentSlug: str  # noqa: N803
) -> Deploy | None:
    try:
        return await latest_deploy(code_deployment, environmentSlug)
    except DomainError as error:  # not an environment's name or slug
        raise GraphQLError(error.message) from None


@change.field("revision")
def resolve_revision(deploy: Deploy, _: GraphQLResolveInfo) -> str:
    return deploy.sha


@change.field("slug")
def resolve_slug(deploy: Deploy, _: GraphQLResolveInfo) -> str:
    return str(deploy.id)


@change.field("url")
def resolve_url(deploy: Deploy, info: GraphQLResolveInfo) -> str:
    organization: Organization = info.context["organization"]
    return deploy_url(info.context["base_url"], organization.slug, deploy.code_deployment.project.slug, deploy.id)


@change.field("date")
def resolve_date(deploy: Deploy, _: GraphQLResolveInfo) -> str:
    return deploy.date.isoformat()


EXECUTABLE_SCHEMA = make_executable_schema(SCHEMA, query, change_source, code_change_source, change)
# Every field costs a database read at most: a query may ask for a few deployments' latest changes, not
# thousands of aliases of one (the CLI's costs 2). Documents are short, and refused beyond MAX_QUERY_LENGTH.
MAX_COST = 50
COSTS = {"Query": {"deployment": {"complexity": 1}}, "CodeChangeSource": {"latestChange": {"complexity": 1}}}


async def _request_document() -> dict[str, Any] | None:
    """The request's GraphQL fields: a JSON body (any method, as the CLI sends a GET with one), else the
    query string. None when the body is not a JSON object."""
    body = await request.get_data()
    if body.strip():
        try:
            document = sleuth_app().json.loads(body)
        except ValueError:
            return None
        return document if isinstance(document, dict) else None
    document: dict[str, Any] = {key: request.args[key] for key in ("query", "operationName") if key in request.args}
    if "variables" in request.args:
        try:
            document["variables"] = sleuth_app().json.loads(request.args["variables"])
        except ValueError:
            return None
    return document


@blueprint.route("/graphql", methods=["GET", "POST"])
@document_request(GraphQLRequest)
@document_response(GraphQLRefusal, 400)
async def graphql_endpoint() -> tuple[Response, int]:
    """Sleuth's GraphQL API, as far as Sleuth's CLI uses it: `deployment(orgSlug, deploymentSlug) { ... on
    CodeChangeSource { latestChange(environmentSlug) { revision slug url } } }`.

    GET (with a JSON body, as the CLI sends it, or `?query=`) or POST; 401 without a valid key; 400 for a
    request that is not GraphQL or asks for more than a few deployments at once; 413 for a query over
    10,000 characters; 200 otherwise, with GraphQL's `errors` for an unknown deployment."""
    organization = await key_organization()
    document = await _request_document()
    if document is None:  # in GraphQL's shape, as every 400 of this route
        message = "The request must be a GraphQL request: a JSON object with a query."
        return jsonify(GraphQLErrors(errors=[GraphQLErrorMessage(message=message)]).model_dump()), 400
    if len(str(document.get("query") or "")) > MAX_QUERY_LENGTH:
        raise APIError(413, f"A GraphQL query may be at most {MAX_QUERY_LENGTH:,} characters long.")
    context = {"organization": organization, "base_url": sleuth_app().settings.base_url}
    variables = document.get("variables") if isinstance(document.get("variables"), dict) else None
    rules = [cost_validator(maximum_cost=MAX_COST, cost_map=COSTS, variables=variables)]
    success, result = await graphql(EXECUTABLE_SCHEMA, document, context_value=context, validation_rules=rules)
    return jsonify(result), 200 if success else 400
