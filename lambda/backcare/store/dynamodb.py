"""Production store: ask-sdk's DynamoDB adapter with explicit time limits.

Known trap: `ask_sdk_dynamodb.adapter` builds a default boto3 resource when
it is imported (a default argument), which fails without an AWS region and
costs a full resource build on every cold start. This adapter is always
given its own resource, so that default is never used: the import is made
with `boto3.resource` standing aside for that moment only. This module is
itself imported only when BACKCARE_STORE names DynamoDB.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

import boto3
from ask_sdk_core.exceptions import PersistenceException
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from . import user_key
from .versioned import VersionedSaves

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBServiceResource


def _import_sdk_adapter() -> Any:
    real = boto3.resource
    boto3.resource = lambda *args, **kwargs: None  # type: ignore[assignment]  # unused default
    try:
        from ask_sdk_dynamodb.adapter import DynamoDbAdapter
    finally:
        boto3.resource = real
    return DynamoDbAdapter


_DynamoDbAdapter = _import_sdk_adapter()

# Alexa waits 8 s for a reply; a slow or dead store must give up well
# before that, so the skill can still answer from the session.
BOTO_CONFIG = Config(
    connect_timeout=1,
    read_timeout=1,
    retries={"mode": "standard", "total_max_attempts": 2},
)


def dynamodb_resource(region: str, endpoint: str | None) -> DynamoDBServiceResource:
    key = secret = None
    if endpoint and not (os.environ.get("AWS_ACCESS_KEY_ID") or os.environ.get("AWS_PROFILE")):
        # Local DynamoDB-compatible servers accept any key; AWS never sees these.
        key = secret = "local"
    return boto3.resource(
        "dynamodb",
        region_name=region,
        endpoint_url=endpoint,
        config=BOTO_CONFIG,
        aws_access_key_id=key,
        aws_secret_access_key=secret,
    )


class BackcareDynamoDbAdapter(VersionedSaves, _DynamoDbAdapter):  # type: ignore[misc,valid-type]
    """The SDK adapter, with version-conditioned writes that merge on
    conflict; against a local server the table is made on first use."""

    def __init__(
        self, table_name: str, resource: DynamoDBServiceResource, create_on_first_use: bool
    ) -> None:
        super().__init__(
            table_name=table_name,
            partition_key_name="id",
            attribute_name="attributes",
            create_table=False,
            partition_keygen=user_key,
            dynamodb_resource=resource,
        )
        self._table_pending = create_on_first_use

    def _create_table(self) -> None:
        # The SDK's own create-if-missing, run when a call found no table, so
        # a local server that starts after the skill still works.
        self.create_table = True
        self._DynamoDbAdapter__create_table_if_not_exists()
        self.dynamodb.meta.client.get_waiter("table_exists").wait(
            TableName=self.table_name, WaiterConfig={"Delay": 1, "MaxAttempts": 20}
        )
        self._table_pending = False

    def _with_table(self, call: Any) -> Any:
        try:
            return call()
        except PersistenceException as err:
            if not (self._table_pending and _no_table(err)):
                raise
        self._create_table()
        return call()

    def get_attributes(self, request_envelope: Any) -> Any:
        return self._with_table(
            lambda: super(BackcareDynamoDbAdapter, self).get_attributes(request_envelope)
        )

    def save_attributes(self, request_envelope: Any, attributes: dict[str, Any]) -> None:
        self._with_table(
            lambda: super(BackcareDynamoDbAdapter, self).save_attributes(
                request_envelope, attributes
            )
        )

    def _read_raw(self, request_envelope: Any) -> dict[str, Any]:
        raw = _DynamoDbAdapter.get_attributes(self, request_envelope)
        return dict(raw) if isinstance(raw, dict) else {}

    def _write_if(
        self, request_envelope: Any, record: dict[str, Any], expected: int, force: bool
    ) -> bool:
        table = self.dynamodb.Table(self.table_name)
        item = {
            self.partition_key_name: self.partition_keygen(request_envelope),
            self.attribute_name: record,
        }
        condition: dict[str, Any] = {}
        if not force:
            names = {"#k": self.partition_key_name, "#a": self.attribute_name, "#v": "version"}
            if expected == 0:
                condition = {
                    "ConditionExpression": "attribute_not_exists(#k) OR "
                    "attribute_not_exists(#a.#v) OR #a.#v = :v",
                    "ExpressionAttributeNames": names,
                    "ExpressionAttributeValues": {":v": 0},
                }
            else:
                del names["#k"]  # DynamoDB refuses names an expression does not use
                condition = {
                    "ConditionExpression": "#a.#v = :v",
                    "ExpressionAttributeNames": names,
                    "ExpressionAttributeValues": {":v": expected},
                }
        try:
            table.put_item(Item=item, **condition)
        except ClientError as err:
            if err.response.get("Error", {}).get("Code") == "ConditionalCheckFailedException":
                return False
            raise PersistenceException(f"DynamoDB write failed: {_code(err)}") from err
        except BotoCoreError as err:
            raise PersistenceException(f"DynamoDB write failed: {type(err).__name__}") from err
        return True

    def set_aside(self, request_envelope: Any, raw: Any, stamp: str) -> None:
        """Keep an unreadable record under another key, for inspection."""
        table = self.dynamodb.Table(self.table_name)
        key = f"{self.partition_keygen(request_envelope)}#unreadable#{stamp}"
        try:
            table.put_item(Item={self.partition_key_name: key, self.attribute_name: raw})
        except (ClientError, BotoCoreError) as err:
            raise PersistenceException("DynamoDB set-aside failed") from err


def open_dynamodb(table: str, region: str | None, endpoint: str | None) -> BackcareDynamoDbAdapter:
    region = (
        region
        or os.environ.get("AWS_REGION")
        or os.environ.get("AWS_DEFAULT_REGION")
        or "us-east-1"
    )
    return BackcareDynamoDbAdapter(
        table_name=table,
        resource=dynamodb_resource(region, endpoint),
        # Only against a local server: on AWS the table comes from template.yaml.
        create_on_first_use=bool(endpoint),
    )


def _code(err: ClientError) -> str:
    return str(err.response.get("Error", {}).get("Code", "unknown"))


def _no_table(err: BaseException) -> bool:
    """Whether an error (or its cause) says the table does not exist."""
    while err is not None:
        text = f"{type(err).__name__} {err}"
        if "ResourceNotFoundException" in text or "doesn't exist" in text:
            return True
        err = err.__cause__ or err.__context__  # type: ignore[assignment]
    return False
