"""Production store: ask-sdk's DynamoDB adapter with explicit time limits.

Known trap: `ask_sdk_dynamodb.adapter` builds a default boto3 resource when
it is imported, which fails without an AWS region. This module is only
imported when BACKCARE_STORE names DynamoDB, and it lends the import a
region for that moment only; the adapter is always given our own resource.
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
    lent = "AWS_DEFAULT_REGION" not in os.environ and "AWS_REGION" not in os.environ
    if lent:
        os.environ["AWS_DEFAULT_REGION"] = "us-east-1"
    try:
        from ask_sdk_dynamodb.adapter import DynamoDbAdapter
    finally:
        if lent:
            del os.environ["AWS_DEFAULT_REGION"]
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

    def _ensure_table(self) -> None:
        if not self._table_pending:
            return
        # The SDK's own create-if-missing, run lazily so a server that starts
        # after the skill still works.
        self.create_table = True
        self._DynamoDbAdapter__create_table_if_not_exists()
        self.dynamodb.meta.client.get_waiter("table_exists").wait(
            TableName=self.table_name, WaiterConfig={"Delay": 1, "MaxAttempts": 20}
        )
        self._table_pending = False

    def get_attributes(self, request_envelope: Any) -> Any:
        self._ensure_table()
        return super().get_attributes(request_envelope)

    def save_attributes(self, request_envelope: Any, attributes: dict[str, Any]) -> None:
        self._ensure_table()
        super().save_attributes(request_envelope, attributes)

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
