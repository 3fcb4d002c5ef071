using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Engine.Activities;
using Orchestrator.Engine.Activities.Composition;
using Orchestrator.Engine.Bookmarks;
using Orchestrator.Engine.Compilation;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Values;

namespace Orchestrator.Engine.State;

/// <summary>
/// Writes a <see cref="WorkflowInstance"/> as a JSON document (the workflow state) and reads it back against
/// the compiled definition version it runs on. Activity executions are stored by node id, composite state by
/// each activity's own writer, values as JSON.
/// </summary>
public static class WorkflowStateSerializer
{
    public static byte[] Serialize(WorkflowInstance instance)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, instance);
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static string SerializeToString(WorkflowInstance instance) => System.Text.Encoding.UTF8.GetString(Serialize(instance));

    public static void Write(Utf8JsonWriter writer, WorkflowInstance instance)
    {
        writer.WriteStartObject();
        writer.WriteString("id", instance.Id);
        writer.WriteString("definitionId", instance.DefinitionId);
        writer.WriteString("definitionVersionId", instance.DefinitionVersionId);
        writer.WriteNumber("version", instance.Version);
        writer.WriteString("status", instance.Status.ToString());
        writer.WriteString("subStatus", instance.SubStatus.ToString());
        WriteOptional(writer, "correlationId", instance.CorrelationId);
        WriteOptional(writer, "name", instance.Name);
        WriteOptional(writer, "parentInstanceId", instance.ParentInstanceId);
        writer.WriteString("createdAt", instance.CreatedAt);
        writer.WriteString("updatedAt", instance.UpdatedAt);
        if (instance.FinishedAt is { } finished)
        {
            writer.WriteString("finishedAt", finished);
        }

        writer.WriteNumber("nextContextId", instance.NextContextId);
        writer.WriteNumber("journalSequence", instance.JournalSequence);
        WriteDictionary(writer, "input", instance.Input);
        WriteDictionary(writer, "output", instance.Output);
        if (instance.LastResult is not null)
        {
            writer.WritePropertyName("lastResult");
            WriteValue(writer, instance.LastResult);
        }

        if (instance.ActivityOutputs is { Count: > 0 } outputs)
        {
            writer.WriteStartObject("activityOutputs");
            foreach (var (activity, values) in outputs)
            {
                WriteDictionary(writer, activity, values);
            }

            writer.WriteEndObject();
        }

        writer.WriteStartArray("bookmarks");
        foreach (var bookmark in instance.Bookmarks)
        {
            WriteBookmark(writer, bookmark);
        }

        writer.WriteEndArray();

        writer.WriteStartArray("incidents");
        foreach (var incident in instance.Incidents)
        {
            writer.WriteStartObject();
            writer.WriteString("id", incident.Id);
            writer.WriteString("activityId", incident.ActivityId);
            writer.WriteString("activityNodeId", incident.ActivityNodeId);
            writer.WriteString("activityType", incident.ActivityType);
            writer.WriteString("message", incident.Message);
            WriteOptional(writer, "exceptionType", incident.ExceptionType);
            writer.WriteString("timestamp", incident.Timestamp);
            writer.WriteNumber("contextId", incident.ContextId);
            writer.WriteBoolean("resolved", incident.Resolved);
            if (!incident.IsFault)
            {
                writer.WriteBoolean("isFault", false);
            }
            writer.WriteEndObject();
        }

        writer.WriteEndArray();

        writer.WriteStartArray("contexts");
        if (instance.Root is { } root)
        {
            WriteContext(writer, root);
        }

        writer.WriteEndArray();

        if (instance.PendingWork is { Count: > 0 } pending)
        {
            writer.WriteStartArray("pendingWork");
            foreach (var work in pending)
            {
                writer.WriteStartObject();
                writer.WriteNumber("contextId", work.ContextId);
                writer.WriteString("kind", work.Kind.ToString());
                if (work.Bookmark is { } bookmark)
                {
                    writer.WritePropertyName("bookmark");
                    WriteBookmark(writer, bookmark);
                }

                writer.WritePropertyName("input");
                WriteValue(writer, work.Input);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    public static WorkflowInstance Deserialize(ReadOnlySpan<byte> json, CompiledWorkflow workflow)
    {
        var reader = new Utf8JsonReader(json);
        using var document = JsonDocument.ParseValue(ref reader);
        return Read(document.RootElement, workflow);
    }

    public static WorkflowInstance Deserialize(string json, CompiledWorkflow workflow) => Deserialize(System.Text.Encoding.UTF8.GetBytes(json), workflow);

    /// <summary>Reads only the identifying fields, to find the definition version a state belongs to.</summary>
    public static (string InstanceId, string DefinitionId, string DefinitionVersionId, int Version) ReadHeader(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        return (root.GetProperty("id").GetString()!, root.GetProperty("definitionId").GetString()!, root.GetProperty("definitionVersionId").GetString()!, root.GetProperty("version").GetInt32());
    }

    private static WorkflowInstance Read(JsonElement root, CompiledWorkflow workflow)
    {
        var instance = new WorkflowInstance
        {
            Id = root.GetProperty("id").GetString()!,
            DefinitionId = root.GetProperty("definitionId").GetString()!,
            DefinitionVersionId = root.GetProperty("definitionVersionId").GetString()!,
            Version = root.GetProperty("version").GetInt32(),
            ParentInstanceId = OptionalString(root, "parentInstanceId"),
            CreatedAt = root.GetProperty("createdAt").GetDateTimeOffset(),
        };
        instance.Status = Enum.Parse<WorkflowStatus>(root.GetProperty("status").GetString()!);
        instance.SubStatus = Enum.Parse<WorkflowSubStatus>(root.GetProperty("subStatus").GetString()!);
        instance.CorrelationId = OptionalString(root, "correlationId");
        instance.Name = OptionalString(root, "name");
        instance.UpdatedAt = root.GetProperty("updatedAt").GetDateTimeOffset();
        instance.FinishedAt = root.TryGetProperty("finishedAt", out var finished) ? finished.GetDateTimeOffset() : null;
        instance.NextContextId = root.GetProperty("nextContextId").GetInt32();
        instance.JournalSequence = root.GetProperty("journalSequence").GetInt64();
        ReadDictionary(root, "input", instance.Input);
        ReadDictionary(root, "output", instance.Output);
        if (root.TryGetProperty("lastResult", out var lastResult))
        {
            instance.LastResult = ReadValue(lastResult);
        }

        if (root.TryGetProperty("activityOutputs", out var activityOutputs))
        {
            instance.ActivityOutputs = new Dictionary<string, Dictionary<string, object?>>(StringComparer.Ordinal);
            foreach (var activity in activityOutputs.EnumerateObject())
            {
                var values = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var value in activity.Value.EnumerateObject())
                {
                    values[value.Name] = ReadValue(value.Value);
                }

                instance.ActivityOutputs[activity.Name] = values;
            }
        }

        foreach (var item in root.GetProperty("bookmarks").EnumerateArray())
        {
            instance.Bookmarks.Add(ReadBookmark(item));
        }

        foreach (var item in root.GetProperty("incidents").EnumerateArray())
        {
            instance.Incidents.Add(new Incident(
                item.GetProperty("id").GetString()!,
                item.GetProperty("activityId").GetString()!,
                item.GetProperty("activityNodeId").GetString()!,
                item.GetProperty("activityType").GetString()!,
                item.GetProperty("message").GetString()!,
                OptionalString(item, "exceptionType"),
                item.GetProperty("timestamp").GetDateTimeOffset(),
                item.GetProperty("contextId").GetInt32())
            {
                Resolved = item.TryGetProperty("resolved", out var resolved) && resolved.GetBoolean(),
                IsFault = !item.TryGetProperty("isFault", out var isFault) || isFault.GetBoolean(),
            });
        }

        var contexts = new Dictionary<int, ActivityExecutionContext>();
        foreach (var item in root.GetProperty("contexts").EnumerateArray())
        {
            var context = ReadContext(item, instance, workflow, contexts);
            contexts[context.Id] = context;
            if (context.Parent is null)
            {
                instance.Root = context;
            }
            else
            {
                (context.Parent.Children ??= []).Add(context);
            }
        }

        foreach (var bookmark in instance.Bookmarks)
        {
            if (contexts.TryGetValue(bookmark.ContextId, out var owner))
            {
                owner.BookmarkCount++;
            }
        }

        if (root.TryGetProperty("pendingWork", out var pending))
        {
            instance.PendingWork = [.. pending.EnumerateArray().Select(item => new PendingWork(
                item.GetProperty("contextId").GetInt32(),
                Enum.Parse<WorkKind>(item.GetProperty("kind").GetString()!),
                item.TryGetProperty("bookmark", out var b) ? ReadBookmark(b) : null,
                item.TryGetProperty("input", out var input) ? ReadValue(input) : null))];
        }

        return instance;
    }

    private static void WriteContext(Utf8JsonWriter writer, ActivityExecutionContext context)
    {
        writer.WriteStartObject();
        writer.WriteNumber("id", context.Id);
        if (context.Parent is { } parent)
        {
            writer.WriteNumber("parentId", parent.Id);
        }

        writer.WriteString("nodeId", context.Activity.NodeId);
        writer.WriteString("status", context.Status.ToString());
        if (context.Status == ActivityStatus.Completed && context.Outcomes.Count > 0)
        {
            writer.WriteStartArray("outcomes");
            foreach (var outcome in context.Outcomes.ToArray())
            {
                writer.WriteStringValue(outcome);
            }

            writer.WriteEndArray();
        }

        if (context.State is { } state)
        {
            writer.WritePropertyName("state");
            context.Activity.WriteState(writer, state);
        }

        if (context.OwnedScope is { } scope)
        {
            writer.WriteStartObject("scope");
            writer.WriteStartObject("variables");
            if (context.Variables is { } values)
            {
                foreach (var slot in scope.Variables)
                {
                    writer.WritePropertyName(slot.Definition.Id);
                    WriteValue(writer, values[slot.Index]);
                }
            }

            writer.WriteEndObject();
            if (context.ScopeInput is { } input)
            {
                WriteDictionary(writer, "input", input);
            }

            if (context.ScopeOutput is { } output)
            {
                WriteDictionary(writer, "output", output);
            }

            writer.WriteEndObject();
        }

        if (context.HasCurrentValue)
        {
            writer.WritePropertyName("currentValue");
            WriteValue(writer, context.CurrentValue);
        }

        writer.WriteEndObject();
        if (context.Children is { } children)
        {
            foreach (var child in children)
            {
                WriteContext(writer, child);
            }
        }
    }

    private static ActivityExecutionContext ReadContext(JsonElement item, WorkflowInstance instance, CompiledWorkflow workflow, Dictionary<int, ActivityExecutionContext> contexts)
    {
        var nodeId = item.GetProperty("nodeId").GetString()!;
        var activity = workflow.FindByNodeId(nodeId)
            ?? throw new InvalidOperationException($"the state of instance {instance.Id} refers to activity '{nodeId}', which version {workflow.Definition.Version} of '{workflow.Definition.DefinitionId}' does not have");
        ActivityExecutionContext? parent = null;
        if (item.TryGetProperty("parentId", out var parentId) && !contexts.TryGetValue(parentId.GetInt32(), out parent))
        {
            throw new InvalidOperationException($"the state of instance {instance.Id} has an activity execution whose parent {parentId.GetInt32()} is missing");
        }

        var context = new ActivityExecutionContext(instance, activity, parent, item.GetProperty("id").GetInt32())
        {
            Status = Enum.Parse<ActivityStatus>(item.GetProperty("status").GetString()!),
        };
        if (item.TryGetProperty("outcomes", out var outcomes))
        {
            context.Outcomes = new Outcomes([.. outcomes.EnumerateArray().Select(o => o.GetString()!)]);
        }

        if (item.TryGetProperty("state", out var state) && state.ValueKind != JsonValueKind.Null)
        {
            context.State = activity.ReadState(state);
        }

        if (item.TryGetProperty("scope", out var scopeElement))
        {
            var scope = parent is null ? workflow.Scope : (activity as WorkflowDefinitionActivity)?.ChildScope
                ?? throw new InvalidOperationException($"activity '{nodeId}' does not own a workflow scope");
            context.OwnedScope = scope;
            var values = scope.CreateValues();
            if (scopeElement.TryGetProperty("variables", out var variables))
            {
                foreach (var variable in variables.EnumerateObject())
                {
                    if (scope.TryResolve(variable.Name, out var slot))
                    {
                        // Decimals are read as written; through double they would lose digits and scale.
                        var value = variable.Value.ValueKind == JsonValueKind.Number && (Nullable.GetUnderlyingType(slot.ClrType) ?? slot.ClrType) == typeof(decimal)
                            ? variable.Value.GetDecimal()
                            : ReadValue(variable.Value);
                        values[slot.Index] = slot.ClrType == typeof(object) ? value : ValueConverter.Convert(value, slot.ClrType);
                    }
                }
            }

            context.Variables = values;
            if (scopeElement.TryGetProperty("input", out _))
            {
                context.ScopeInput = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
                ReadDictionary(scopeElement, "input", context.ScopeInput);
            }

            if (scopeElement.TryGetProperty("output", out _))
            {
                context.ScopeOutput = new Dictionary<string, object?>(StringComparer.Ordinal);
                ReadDictionary(scopeElement, "output", context.ScopeOutput);
            }
        }

        if (item.TryGetProperty("currentValue", out var currentValue))
        {
            context.HasCurrentValue = true;
            context.CurrentValue = ReadValue(currentValue);
        }

        return context;
    }

    private static void WriteBookmark(Utf8JsonWriter writer, Bookmark bookmark)
    {
        writer.WriteStartObject();
        writer.WriteString("id", bookmark.Id);
        writer.WriteString("name", bookmark.Name);
        writer.WriteString("hash", bookmark.Hash);
        WriteOptional(writer, "key", bookmark.Key);
        if (bookmark.Payload is { } payload)
        {
            writer.WritePropertyName("payload");
            payload.WriteTo(writer);
        }

        writer.WriteString("workflowInstanceId", bookmark.WorkflowInstanceId);
        writer.WriteString("activityId", bookmark.ActivityId);
        writer.WriteString("activityNodeId", bookmark.ActivityNodeId);
        writer.WriteNumber("contextId", bookmark.ContextId);
        if (bookmark.DueAt is { } due)
        {
            writer.WriteString("dueAt", due);
        }

        WriteOptional(writer, "correlationId", bookmark.CorrelationId);
        writer.WriteString("createdAt", bookmark.CreatedAt);
        writer.WriteEndObject();
    }

    private static Bookmark ReadBookmark(JsonElement item) => new()
    {
        Id = item.GetProperty("id").GetString()!,
        Name = item.GetProperty("name").GetString()!,
        Hash = item.GetProperty("hash").GetString()!,
        Key = OptionalString(item, "key"),
        Payload = item.TryGetProperty("payload", out var payload) ? JsonNode.Parse(payload.GetRawText()) as JsonObject : null,
        WorkflowInstanceId = item.GetProperty("workflowInstanceId").GetString()!,
        ActivityId = item.GetProperty("activityId").GetString()!,
        ActivityNodeId = item.GetProperty("activityNodeId").GetString()!,
        ContextId = item.GetProperty("contextId").GetInt32(),
        DueAt = item.TryGetProperty("dueAt", out var due) ? due.GetDateTimeOffset() : null,
        CorrelationId = OptionalString(item, "correlationId"),
        CreatedAt = item.GetProperty("createdAt").GetDateTimeOffset(),
    };

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static string? OptionalString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static void WriteDictionary(Utf8JsonWriter writer, string name, IReadOnlyDictionary<string, object?> values)
    {
        writer.WriteStartObject(name);
        foreach (var (key, value) in values)
        {
            writer.WritePropertyName(key);
            WriteValue(writer, value);
        }

        writer.WriteEndObject();
    }

    private static void ReadDictionary(JsonElement parent, string name, Dictionary<string, object?> target)
    {
        if (!parent.TryGetProperty(name, out var element) || element.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        foreach (var property in element.EnumerateObject())
        {
            target[property.Name] = ReadValue(property.Value);
        }
    }

    /// <summary>Writes a value of the model; primitives directly, so the common case allocates nothing.</summary>
    public static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string s:
                writer.WriteStringValue(s);
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case int i:
                writer.WriteNumberValue(i);
                break;
            case long l:
                writer.WriteNumberValue(l);
                break;
            case double d when double.IsFinite(d):
                writer.WriteNumberValue(d);
                break;
            case decimal m:
                writer.WriteNumberValue(m);
                break;
            case DateTimeOffset dto:
                writer.WriteStringValue(dto);
                break;
            case TimeSpan ts:
                writer.WriteStringValue(ts.ToString("c", CultureInfo.InvariantCulture));
                break;
            case Guid g:
                writer.WriteStringValue(g);
                break;
            case JsonNode node:
                node.WriteTo(writer);
                break;
            default:
                var converted = ValueModel.ToJsonNode(value);
                if (converted is null)
                {
                    writer.WriteNullValue();
                }
                else
                {
                    converted.WriteTo(writer);
                }

                break;
        }
    }

    public static object? ReadValue(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.String => element.GetString(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        // Boxed one by one: a conditional of int, long and double would make every number a double.
        JsonValueKind.Number => element.TryGetInt32(out var i) ? i : element.TryGetInt64(out var l) ? (object)l : element.GetDouble(),
        _ => JsonNode.Parse(element.GetRawText()),
    };
}
