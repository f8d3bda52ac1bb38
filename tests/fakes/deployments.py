"""A Jira site's Deployments API and issue properties on loopback, behind the credential check Jira
makes (tests/connect/atlassian.py `ConnectJira`: Connect JWT with a real qsh, or a Forge system token).

`replies` scripts the answers to `POST /rest/deployments/0.1/bulk` in order; once it is empty every
request is accepted (202 listing each deployment as accepted). A reply may `hold` its answer until an
event is set, to catch the worker between sending and hearing back. Everything received is kept:
`bulks` (each POSTed body, answered or not), `deletes` (the query of each `DELETE bulkByProperties`)
and `properties` (issue key -> property key -> the value PUT, unless `property_status`, or the issue's own
reply in `property_replies`, refuses it), which `GET` reads back as Jira does (`{"key", "value"}`).
`held` is what the site's Deployments panel would then hold: each accepted deployment, by its identity,
with the properties of the request that sent it last, until a delete names properties it has."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.fakes.atlassian import ConnectJira

DEPLOYMENTS = "/rest/deployments/0.1"


@dataclass
class Reply:
    status: int = 202
    body: Any = None  # None: the default 202 answer, accepting every deployment of the request
    headers: dict[str, str] = field(default_factory=dict)
    hold: asyncio.Event | None = None


def accepted(body: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """Jira's 202 answer accepting every deployment of `body`, with `extra` fields (rejections...)."""
    keys = [
        {
            "pipelineId": item["pipeline"]["id"],
            "environmentId": item["environment"]["id"],
            "deploymentSequenceNumber": item["deploymentSequenceNumber"],
        }
        for item in body["deployments"]
    ]
    return {"acceptedDeployments": keys, "rejectedDeployments": [], "unknownIssueKeys": []} | extra


class DeploymentsJira(ConnectJira):
    def __init__(self, shared_secret: str | None = None, *, system_token: str | None = None) -> None:
        super().__init__(shared_secret, system_token=system_token)
        self.replies: list[Reply] = []
        self.answer: Callable[[dict[str, Any]], dict[str, Any]] = accepted  # the 202 body, from the request
        self.bulks: list[dict[str, Any]] = []
        self.deletes: list[dict[str, str]] = []
        self.held: dict[tuple[str, str, int], dict[str, str]] = {}  # (pipeline, environment, sequence): properties
        self.properties: dict[str, dict[str, Any]] = {}
        self.property_status = 200
        self.property_replies: dict[str, Reply] = {}  # issue key -> the answer to each PUT of its properties
        self._holds: list[asyncio.Event] = []
        self.router.add_post(DEPLOYMENTS + "/bulk", self._bulk)
        self.router.add_delete(DEPLOYMENTS + "/bulkByProperties", self._delete)
        self.router.add_put("/rest/api/3/issue/{key}/properties/{property}", self._property)
        self.router.add_get("/rest/api/3/issue/{key}/properties/{property}", self._read_property)

    def release_all(self) -> None:
        """Let every held answer go (so that the server can stop)."""
        for hold in self._holds + [reply.hold for reply in self.replies if reply.hold is not None]:
            hold.set()

    def sequence_numbers(self) -> list[int]:
        """The deploymentSequenceNumber of every deployment received, in order, repeats included."""
        return [item["deploymentSequenceNumber"] for body in self.bulks for item in body["deployments"]]

    async def _bulk(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.bulks.append(body)
        reply = self.replies.pop(0) if self.replies else Reply()
        if reply.hold is not None:
            self._holds.append(reply.hold)
            await reply.hold.wait()
        answer = reply.body if reply.body is not None else self.answer(body) if reply.status == 202 else {}
        if reply.status == 202:
            for key in answer.get("acceptedDeployments", []):
                identity = (key["pipelineId"], key["environmentId"], key["deploymentSequenceNumber"])
                self.held[identity] = body.get("properties", {})
        return web.json_response(answer, status=reply.status, headers=reply.headers)

    async def _delete(self, request: web.Request) -> web.Response:
        query = dict(request.query)
        self.deletes.append(query)
        matched = [identity for identity, tags in self.held.items() if query.items() <= tags.items()]
        for identity in matched:  # Jira deletes what has every property the delete names
            del self.held[identity]
        return web.json_response({}, status=202)

    def held_sequence_numbers(self) -> list[int]:
        """The deploys the Deployments panel holds now (their deploymentSequenceNumber, sorted)."""
        return sorted(sequence for _, _, sequence in self.held)

    async def _property(self, request: web.Request) -> web.Response:
        reply = self.property_replies.get(request.match_info["key"], Reply(self.property_status))
        if reply.status == 200:
            issue = self.properties.setdefault(request.match_info["key"], {})
            issue[request.match_info["property"]] = await request.json()
        return web.Response(status=reply.status, headers=reply.headers)

    async def _read_property(self, request: web.Request) -> web.Response:
        key = request.match_info["property"]
        value = self.properties.get(request.match_info["key"], {}).get(key)
        if value is None:
            return web.json_response({"errorMessages": ["The property was not found."]}, status=404)
        return web.json_response({"key": key, "value": value})


async def eventually(condition: Callable[[], bool], seconds: float = 5.0) -> None:
    """Wait until `condition()` holds (checked every 10 ms); fail after `seconds`."""
    for _ in range(int(seconds * 100)):
        if condition():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the condition did not hold in time")

