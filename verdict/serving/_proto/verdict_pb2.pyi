from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Action(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ACTION_UNSPECIFIED: _ClassVar[Action]
    ACTION_ALLOW: _ClassVar[Action]
    ACTION_REDACT: _ClassVar[Action]
    ACTION_BLOCK: _ClassVar[Action]
    ACTION_FLAG: _ClassVar[Action]

class Priority(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    PRIORITY_UNSPECIFIED: _ClassVar[Priority]
    PRIORITY_INLINE: _ClassVar[Priority]
    PRIORITY_BULK: _ClassVar[Priority]
ACTION_UNSPECIFIED: Action
ACTION_ALLOW: Action
ACTION_REDACT: Action
ACTION_BLOCK: Action
ACTION_FLAG: Action
PRIORITY_UNSPECIFIED: Priority
PRIORITY_INLINE: Priority
PRIORITY_BULK: Priority

class ClassifyRequest(_message.Message):
    __slots__ = ("tenant", "route", "text", "system_prompt", "protected_context_ids", "request_id", "metadata", "priority")
    class MetadataEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    TENANT_FIELD_NUMBER: _ClassVar[int]
    ROUTE_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    SYSTEM_PROMPT_FIELD_NUMBER: _ClassVar[int]
    PROTECTED_CONTEXT_IDS_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    METADATA_FIELD_NUMBER: _ClassVar[int]
    PRIORITY_FIELD_NUMBER: _ClassVar[int]
    tenant: str
    route: str
    text: str
    system_prompt: str
    protected_context_ids: _containers.RepeatedScalarFieldContainer[str]
    request_id: str
    metadata: _containers.ScalarMap[str, str]
    priority: Priority
    def __init__(self, tenant: _Optional[str] = ..., route: _Optional[str] = ..., text: _Optional[str] = ..., system_prompt: _Optional[str] = ..., protected_context_ids: _Optional[_Iterable[str]] = ..., request_id: _Optional[str] = ..., metadata: _Optional[_Mapping[str, str]] = ..., priority: _Optional[_Union[Priority, str]] = ...) -> None: ...

class Finding(_message.Message):
    __slots__ = ("category", "type", "score", "start", "end", "detector", "explanation")
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    START_FIELD_NUMBER: _ClassVar[int]
    END_FIELD_NUMBER: _ClassVar[int]
    DETECTOR_FIELD_NUMBER: _ClassVar[int]
    EXPLANATION_FIELD_NUMBER: _ClassVar[int]
    category: str
    type: str
    score: float
    start: int
    end: int
    detector: str
    explanation: str
    def __init__(self, category: _Optional[str] = ..., type: _Optional[str] = ..., score: _Optional[float] = ..., start: _Optional[int] = ..., end: _Optional[int] = ..., detector: _Optional[str] = ..., explanation: _Optional[str] = ...) -> None: ...

class Timings(_message.Message):
    __slots__ = ("queue_ms", "inference_ms", "tokenize_ms", "decode_ms", "policy_ms", "total_ms")
    QUEUE_MS_FIELD_NUMBER: _ClassVar[int]
    INFERENCE_MS_FIELD_NUMBER: _ClassVar[int]
    TOKENIZE_MS_FIELD_NUMBER: _ClassVar[int]
    DECODE_MS_FIELD_NUMBER: _ClassVar[int]
    POLICY_MS_FIELD_NUMBER: _ClassVar[int]
    TOTAL_MS_FIELD_NUMBER: _ClassVar[int]
    queue_ms: float
    inference_ms: float
    tokenize_ms: float
    decode_ms: float
    policy_ms: float
    total_ms: float
    def __init__(self, queue_ms: _Optional[float] = ..., inference_ms: _Optional[float] = ..., tokenize_ms: _Optional[float] = ..., decode_ms: _Optional[float] = ..., policy_ms: _Optional[float] = ..., total_ms: _Optional[float] = ...) -> None: ...

class ClassifyResponse(_message.Message):
    __slots__ = ("request_id", "action", "enforced_action", "findings", "redacted_text", "scores", "model_version", "policy_version", "shadow", "reasons", "timings", "degraded")
    class ScoresEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: float
        def __init__(self, key: _Optional[str] = ..., value: _Optional[float] = ...) -> None: ...
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ACTION_FIELD_NUMBER: _ClassVar[int]
    ENFORCED_ACTION_FIELD_NUMBER: _ClassVar[int]
    FINDINGS_FIELD_NUMBER: _ClassVar[int]
    REDACTED_TEXT_FIELD_NUMBER: _ClassVar[int]
    SCORES_FIELD_NUMBER: _ClassVar[int]
    MODEL_VERSION_FIELD_NUMBER: _ClassVar[int]
    POLICY_VERSION_FIELD_NUMBER: _ClassVar[int]
    SHADOW_FIELD_NUMBER: _ClassVar[int]
    REASONS_FIELD_NUMBER: _ClassVar[int]
    TIMINGS_FIELD_NUMBER: _ClassVar[int]
    DEGRADED_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    action: Action
    enforced_action: Action
    findings: _containers.RepeatedCompositeFieldContainer[Finding]
    redacted_text: str
    scores: _containers.ScalarMap[str, float]
    model_version: str
    policy_version: str
    shadow: bool
    reasons: _containers.RepeatedScalarFieldContainer[str]
    timings: Timings
    degraded: bool
    def __init__(self, request_id: _Optional[str] = ..., action: _Optional[_Union[Action, str]] = ..., enforced_action: _Optional[_Union[Action, str]] = ..., findings: _Optional[_Iterable[_Union[Finding, _Mapping]]] = ..., redacted_text: _Optional[str] = ..., scores: _Optional[_Mapping[str, float]] = ..., model_version: _Optional[str] = ..., policy_version: _Optional[str] = ..., shadow: _Optional[bool] = ..., reasons: _Optional[_Iterable[str]] = ..., timings: _Optional[_Union[Timings, _Mapping]] = ..., degraded: _Optional[bool] = ...) -> None: ...

class ClassifyBatchRequest(_message.Message):
    __slots__ = ("items", "request_id", "tenant", "route", "priority")
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    TENANT_FIELD_NUMBER: _ClassVar[int]
    ROUTE_FIELD_NUMBER: _ClassVar[int]
    PRIORITY_FIELD_NUMBER: _ClassVar[int]
    items: _containers.RepeatedCompositeFieldContainer[ClassifyRequest]
    request_id: str
    tenant: str
    route: str
    priority: Priority
    def __init__(self, items: _Optional[_Iterable[_Union[ClassifyRequest, _Mapping]]] = ..., request_id: _Optional[str] = ..., tenant: _Optional[str] = ..., route: _Optional[str] = ..., priority: _Optional[_Union[Priority, str]] = ...) -> None: ...

class ClassifyBatchResponse(_message.Message):
    __slots__ = ("request_id", "results")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    RESULTS_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    results: _containers.RepeatedCompositeFieldContainer[ClassifyResponse]
    def __init__(self, request_id: _Optional[str] = ..., results: _Optional[_Iterable[_Union[ClassifyResponse, _Mapping]]] = ...) -> None: ...

class StreamConfig(_message.Message):
    __slots__ = ("tenant", "route", "system_prompt", "protected_context_ids", "request_id", "metadata", "holdback_chars", "context_chars")
    class MetadataEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    TENANT_FIELD_NUMBER: _ClassVar[int]
    ROUTE_FIELD_NUMBER: _ClassVar[int]
    SYSTEM_PROMPT_FIELD_NUMBER: _ClassVar[int]
    PROTECTED_CONTEXT_IDS_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    METADATA_FIELD_NUMBER: _ClassVar[int]
    HOLDBACK_CHARS_FIELD_NUMBER: _ClassVar[int]
    CONTEXT_CHARS_FIELD_NUMBER: _ClassVar[int]
    tenant: str
    route: str
    system_prompt: str
    protected_context_ids: _containers.RepeatedScalarFieldContainer[str]
    request_id: str
    metadata: _containers.ScalarMap[str, str]
    holdback_chars: int
    context_chars: int
    def __init__(self, tenant: _Optional[str] = ..., route: _Optional[str] = ..., system_prompt: _Optional[str] = ..., protected_context_ids: _Optional[_Iterable[str]] = ..., request_id: _Optional[str] = ..., metadata: _Optional[_Mapping[str, str]] = ..., holdback_chars: _Optional[int] = ..., context_chars: _Optional[int] = ...) -> None: ...

class StreamRequest(_message.Message):
    __slots__ = ("config", "chunk")
    CONFIG_FIELD_NUMBER: _ClassVar[int]
    CHUNK_FIELD_NUMBER: _ClassVar[int]
    config: StreamConfig
    chunk: str
    def __init__(self, config: _Optional[_Union[StreamConfig, _Mapping]] = ..., chunk: _Optional[str] = ...) -> None: ...

class StreamResponse(_message.Message):
    __slots__ = ("request_id", "released_text", "released_start", "released_end", "findings", "action", "final", "model_version", "policy_version", "degraded", "timings")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    RELEASED_TEXT_FIELD_NUMBER: _ClassVar[int]
    RELEASED_START_FIELD_NUMBER: _ClassVar[int]
    RELEASED_END_FIELD_NUMBER: _ClassVar[int]
    FINDINGS_FIELD_NUMBER: _ClassVar[int]
    ACTION_FIELD_NUMBER: _ClassVar[int]
    FINAL_FIELD_NUMBER: _ClassVar[int]
    MODEL_VERSION_FIELD_NUMBER: _ClassVar[int]
    POLICY_VERSION_FIELD_NUMBER: _ClassVar[int]
    DEGRADED_FIELD_NUMBER: _ClassVar[int]
    TIMINGS_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    released_text: str
    released_start: int
    released_end: int
    findings: _containers.RepeatedCompositeFieldContainer[Finding]
    action: Action
    final: bool
    model_version: str
    policy_version: str
    degraded: bool
    timings: Timings
    def __init__(self, request_id: _Optional[str] = ..., released_text: _Optional[str] = ..., released_start: _Optional[int] = ..., released_end: _Optional[int] = ..., findings: _Optional[_Iterable[_Union[Finding, _Mapping]]] = ..., action: _Optional[_Union[Action, str]] = ..., final: _Optional[bool] = ..., model_version: _Optional[str] = ..., policy_version: _Optional[str] = ..., degraded: _Optional[bool] = ..., timings: _Optional[_Union[Timings, _Mapping]] = ...) -> None: ...

class GetModelInfoRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ModelInfo(_message.Message):
    __slots__ = ("model_version", "backend", "degraded", "entity_types", "topics", "leakage", "max_length", "policy_version")
    MODEL_VERSION_FIELD_NUMBER: _ClassVar[int]
    BACKEND_FIELD_NUMBER: _ClassVar[int]
    DEGRADED_FIELD_NUMBER: _ClassVar[int]
    ENTITY_TYPES_FIELD_NUMBER: _ClassVar[int]
    TOPICS_FIELD_NUMBER: _ClassVar[int]
    LEAKAGE_FIELD_NUMBER: _ClassVar[int]
    MAX_LENGTH_FIELD_NUMBER: _ClassVar[int]
    POLICY_VERSION_FIELD_NUMBER: _ClassVar[int]
    model_version: str
    backend: str
    degraded: bool
    entity_types: _containers.RepeatedScalarFieldContainer[str]
    topics: _containers.RepeatedScalarFieldContainer[str]
    leakage: _containers.RepeatedScalarFieldContainer[str]
    max_length: int
    policy_version: str
    def __init__(self, model_version: _Optional[str] = ..., backend: _Optional[str] = ..., degraded: _Optional[bool] = ..., entity_types: _Optional[_Iterable[str]] = ..., topics: _Optional[_Iterable[str]] = ..., leakage: _Optional[_Iterable[str]] = ..., max_length: _Optional[int] = ..., policy_version: _Optional[str] = ...) -> None: ...

class ReloadRequest(_message.Message):
    __slots__ = ("version", "retry_gpu")
    VERSION_FIELD_NUMBER: _ClassVar[int]
    RETRY_GPU_FIELD_NUMBER: _ClassVar[int]
    version: str
    retry_gpu: bool
    def __init__(self, version: _Optional[str] = ..., retry_gpu: _Optional[bool] = ...) -> None: ...

class ReloadResponse(_message.Message):
    __slots__ = ("previous_model_version", "model_version", "backend")
    PREVIOUS_MODEL_VERSION_FIELD_NUMBER: _ClassVar[int]
    MODEL_VERSION_FIELD_NUMBER: _ClassVar[int]
    BACKEND_FIELD_NUMBER: _ClassVar[int]
    previous_model_version: str
    model_version: str
    backend: str
    def __init__(self, previous_model_version: _Optional[str] = ..., model_version: _Optional[str] = ..., backend: _Optional[str] = ...) -> None: ...
