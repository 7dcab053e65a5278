"""Production store: one DynamoDB item per user, through boto3's client.

Item shape (as stored since the first release): {"id": <user id>,
"attributes": <the record as a map>}; the table's partition key is `id`
(template.yaml creates it). A write sends only the record's fields that
changed, as an update expression on the map, conditioned on the version.
The client is built once per store and kept; this module is imported only
when BACKCARE_STORE names DynamoDB.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar

import boto3
from boto3.dynamodb.types import TypeDeserializer, TypeSerializer
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from ..state import LEGACY_VERSION_KEY, VERSION_KEY
from .base import Raw, Store, StoreError

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient

T = TypeVar("T")
_ABSENT = object()  # a field a record leaves out (at its default)
KEY = "id"
ATTRIBUTES = "attributes"
SIDE_KEYS = "side_keys"  # string set: keys of the user's side records, so deletion finds them
EXPIRES = "expires"  # the table's time-to-live attribute (template.yaml)

# Alexa waits 8 s for a reply; a slow or dead store must give up well
# before that, so the skill can still answer from the session.
CONNECT_SECONDS = 1
READ_SECONDS = 1
ATTEMPTS = 2
WORST_CALL_SECONDS = (CONNECT_SECONDS + READ_SECONDS) * ATTEMPTS
BOTO_CONFIG = Config(
    connect_timeout=CONNECT_SECONDS,
    read_timeout=READ_SECONDS,
    retries={"mode": "standard", "total_max_attempts": ATTEMPTS},
)


def boto_args(region: str | None, endpoint: str | None) -> dict[str, Any]:
    """Keyword arguments for boto3.client / boto3.resource("dynamodb", ...)."""
    key = secret = None
    if endpoint and not (os.environ.get("AWS_ACCESS_KEY_ID") or os.environ.get("AWS_PROFILE")):
        # Local DynamoDB-compatible servers accept any key; AWS never sees these.
        key = secret = "local"
    return {
        "region_name": region
        or os.environ.get("AWS_REGION")
        or os.environ.get("AWS_DEFAULT_REGION")
        or "us-east-1",
        "endpoint_url": endpoint,
        "config": BOTO_CONFIG,
        "aws_access_key_id": key,
        "aws_secret_access_key": secret,
    }


class _Deserializer(TypeDeserializer):
    """Numbers as ints (floats only for a fraction), never Decimals."""

    def _deserialize_n(self, value: str) -> int | float:
        number = Decimal(value)
        return int(number) if number == number.to_integral_value() else float(number)


_to_python = _Deserializer().deserialize
_to_dynamodb = TypeSerializer().serialize


class _Update:
    """An update expression being built: placeholders for every name and value."""

    def __init__(self, names: dict[str, str], values: dict[str, Any]) -> None:
        self.names = names
        self.values = values
        self.sets: list[str] = []
        self.removes: list[str] = []

    def name(self, name: str) -> str:
        for placeholder, known in self.names.items():
            if known == name:
                return placeholder
        placeholder = f"#{len(self.names)}"
        self.names[placeholder] = name
        return placeholder

    def value(self, value: Any) -> str:
        placeholder = f":{len(self.values)}"
        try:
            self.values[placeholder] = _to_dynamodb(value)
        except (TypeError, ValueError) as err:
            raise StoreError(f"record cannot be stored in DynamoDB: {err}") from err
        return placeholder

    def change(self, path: str, new: Any, old: Any) -> None:
        if new is _ABSENT:
            self.removes.append(path)
        elif isinstance(new, list) and isinstance(old, list) and new[: len(old)] == old:
            self.sets.append(f"{path} = list_append({path}, {self.value(new[len(old) :])})")
        else:
            self.sets.append(f"{path} = {self.value(new)}")

    def expression(self) -> str:
        parts = []
        if self.sets:
            parts.append(f"SET {', '.join(self.sets)}")
        if self.removes:
            parts.append(f"REMOVE {', '.join(self.removes)}")
        return " ".join(parts)


class _ConditionFailedError(Exception):
    """A conditional write found another version stored."""


class DynamoDbStore(Store):
    """The table's items through one boto3 client (`client`, kept for the
    store's life; tests hook its events to count calls)."""

    sends_changes = True

    def __init__(self, table: str, region: str | None = None, endpoint: str | None = None) -> None:
        super().__init__()
        self.table = table
        self.client: DynamoDBClient = boto3.client("dynamodb", **boto_args(region, endpoint))
        # Only against a local server: on AWS the table comes from template.yaml.
        self.creates_table = bool(endpoint)

    def _read(self, key: str) -> Raw | None:
        item = self._get(key)
        return None if item is None else self._raw(item)

    @staticmethod
    def _raw(item: dict[str, Any]) -> Raw:
        value = _to_python(item[ATTRIBUTES]) if ATTRIBUTES in item else {}
        if isinstance(value, dict):
            return value
        return value if isinstance(value, str) else json.dumps(value, default=str)

    def _write(self, key: str, record: dict[str, Any], expected: int | None) -> bool:
        # UpdateItem, not PutItem: it keeps the item's other attributes (the
        # side-record keys).
        return self._update(self._replace(key, record, expected))

    def _write_changes(
        self, key: str, record: dict[str, Any], before: dict[str, Any], expected: int
    ) -> bool:
        # `before` is what the version condition guarantees is stored.
        return self._update(self._changes(key, record, before, expected))

    def _update(self, call: dict[str, Any]) -> bool:
        try:
            self._call(lambda: self.client.update_item(**call))
        except _ConditionFailedError:
            return False
        return True

    def _replace(self, key: str, record: dict[str, Any], expected: int | None) -> dict[str, Any]:
        """The whole record, over whatever schema is stored."""
        names = {"#a": ATTRIBUTES, "#e": EXPIRES}
        values = {":r": self._value(record)}
        call: dict[str, Any] = {
            "TableName": self.table,
            "Key": {KEY: {"S": key}},
            "UpdateExpression": "SET #a = :r REMOVE #e",
            "ExpressionAttributeNames": names,
        }
        if expected is not None:
            # The version is "v" in a current record, "version" in a schema
            # 1 record or a deletion marker.
            names.update({"#v": VERSION_KEY, "#o": LEGACY_VERSION_KEY})
            values[":v"] = {"N": str(expected)}
            condition = "#a.#v = :v OR #a.#o = :v"
            if expected == 0:  # also no item, or one without a version
                names["#k"] = KEY
                condition = (
                    "attribute_not_exists(#k) OR "
                    f"(attribute_not_exists(#a.#v) AND attribute_not_exists(#a.#o)) OR {condition}"
                )
            call["ConditionExpression"] = condition
        call["ExpressionAttributeValues"] = values
        return call

    def _changes(
        self, key: str, record: dict[str, Any], before: dict[str, Any], expected: int
    ) -> dict[str, Any]:
        """Only what differs from `before`: a field set or removed, a list
        that only grew appended to, a map (the position, the completions)
        changed key by key. The condition holds only for a current record
        of that version."""
        update = _Update({"#a": ATTRIBUTES, "#v": VERSION_KEY}, {":v": {"N": str(expected)}})
        for field in sorted(record.keys() | before.keys()):
            new, old = record.get(field, _ABSENT), before.get(field, _ABSENT)
            if new == old:
                continue
            path = f"#a.{update.name(field)}"
            if isinstance(new, dict) and isinstance(old, dict):
                for part in sorted(new.keys() | old.keys()):
                    inner_new, inner_old = new.get(part, _ABSENT), old.get(part, _ABSENT)
                    if inner_new != inner_old:
                        update.change(f"{path}.{update.name(part)}", inner_new, inner_old)
            else:
                update.change(path, new, old)
        return {
            "TableName": self.table,
            "Key": {KEY: {"S": key}},
            "UpdateExpression": update.expression(),
            "ConditionExpression": "#a.#v = :v",
            "ExpressionAttributeNames": update.names,
            "ExpressionAttributeValues": update.values,
        }

    def _write_marker(self, key: str, marker: dict[str, Any], expires: int) -> None:
        self._call(
            lambda: self.client.update_item(
                TableName=self.table,
                Key={KEY: {"S": key}},
                UpdateExpression="SET #a = :m, #e = :e",
                ExpressionAttributeNames={"#a": ATTRIBUTES, "#e": EXPIRES},
                ExpressionAttributeValues={
                    ":m": self._value(marker),
                    ":e": {"N": str(expires)},
                },
            )
        )

    def _side_keys(self, user_id: str) -> list[str]:
        return self._read_with_side_keys(user_id)[1]

    def _read_with_side_keys(self, user_id: str) -> tuple[Raw | None, list[str]]:
        item = self._get(user_id)  # one call for both
        if item is None:
            return None, []
        keys = _to_python(item[SIDE_KEYS]) if SIDE_KEYS in item else set()
        side = sorted(str(k) for k in keys) if isinstance(keys, set) else []
        return self._raw(item), side

    @staticmethod
    def _value(record: Any) -> Any:
        try:
            return _to_dynamodb(record)
        except (TypeError, ValueError) as err:
            raise StoreError(f"record cannot be stored in DynamoDB: {err}") from err

    def _delete(self, key: str) -> None:
        self._call(lambda: self.client.delete_item(TableName=self.table, Key={KEY: {"S": key}}))

    def _copy(self, key: str, to_key: str) -> None:
        item = self._get(key)  # as stored: never deserialized, so copied unchanged
        if item is None:
            return
        copied = {k: v for k, v in item.items() if k != SIDE_KEYS}
        copied[KEY] = {"S": to_key}
        self._call(lambda: self.client.put_item(TableName=self.table, Item=copied))
        self._call(
            lambda: self.client.update_item(
                TableName=self.table,
                Key={KEY: {"S": key}},
                UpdateExpression="ADD #s :k",
                ExpressionAttributeNames={"#s": SIDE_KEYS},
                ExpressionAttributeValues={":k": {"SS": [to_key]}},
            )
        )

    def _get(self, key: str) -> dict[str, Any] | None:
        response = self._call(
            lambda: self.client.get_item(
                TableName=self.table, Key={KEY: {"S": key}}, ConsistentRead=True
            )
        )
        item = response.get("Item")
        return dict(item) if item is not None else None

    def _call(self, call: Callable[[], T]) -> T:
        """One DynamoDB call. A failed condition raises _ConditionFailedError,
        anything else StoreError; a local table is made when missing."""
        try:
            try:
                return call()
            except ClientError as err:
                if not (self.creates_table and _code(err) == "ResourceNotFoundException"):
                    raise
            self._create_table()
            return call()
        except ClientError as err:
            if _code(err) == "ConditionalCheckFailedException":
                raise _ConditionFailedError from err
            raise StoreError(f"DynamoDB: {_code(err)}") from err
        except BotoCoreError as err:
            raise StoreError(f"DynamoDB: {type(err).__name__}") from err

    def _create_table(self) -> None:
        # Made when a call finds no table, so a local server that starts (or
        # restarts empty) after the skill still works.
        try:
            self.client.create_table(
                TableName=self.table,
                KeySchema=[{"AttributeName": KEY, "KeyType": "HASH"}],
                AttributeDefinitions=[{"AttributeName": KEY, "AttributeType": "S"}],
                BillingMode="PAY_PER_REQUEST",
            )
        except ClientError as err:
            if _code(err) != "ResourceInUseException":  # another process made it first
                raise
        self.client.get_waiter("table_exists").wait(
            TableName=self.table, WaiterConfig={"Delay": 1, "MaxAttempts": 20}
        )


def _code(err: ClientError) -> str:
    return str(err.response.get("Error", {}).get("Code", "unknown"))
