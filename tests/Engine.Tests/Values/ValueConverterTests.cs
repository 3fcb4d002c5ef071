using System.Text.Json.Nodes;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Values;

namespace Orchestrator.Engine.Tests.Values;

public sealed class ValueConverterTests
{
    [Theory]
    [InlineData("42", 42)]
    [InlineData(" -7 ", -7)]
    [InlineData(42L, 42)]
    [InlineData(42.0, 42)]
    public void Convert_ToInt32_AcceptsTextAndWholeNumbers(object value, int expected) =>
        ValueConverter.Convert<int>(value).ShouldBe(expected);

    [Fact]
    public void Convert_JsonNumberToInt32_ReadsTheNumber() =>
        ValueConverter.Convert<int>(JsonValue.Create(12)).ShouldBe(12);

    [Theory]
    [InlineData("true", true)]
    [InlineData("False", false)]
    [InlineData(1, true)]
    [InlineData(0, false)]
    [InlineData(true, true)]
    public void Convert_ToBoolean_AcceptsTextNumbersAndBooleans(object value, bool expected) =>
        ValueConverter.Convert<bool>(value).ShouldBe(expected);

    [Theory]
    [InlineData("3.25", 3.25)]
    [InlineData("1e3", 1000.0)]
    [InlineData(7, 7.0)]
    public void Convert_ToDouble_UsesTheInvariantCulture(object value, double expected) =>
        ValueConverter.Convert<double>(value).ShouldBe(expected);

    [Theory]
    [InlineData("00:00:05", 5)]
    [InlineData("PT5M", 300)]
    [InlineData("1.02:00:00", 93600)]
    [InlineData("P1DT2H", 93600)]
    [InlineData(1500, 1.5)]
    public void Convert_ToTimeSpan_ReadsClockTextIsoDurationsAndMilliseconds(object value, double seconds) =>
        ValueConverter.Convert<TimeSpan>(value).ShouldBe(TimeSpan.FromSeconds(seconds));

    [Fact]
    public void Convert_ToDateTimeOffset_KeepsTheOffsetAndAssumesUtc()
    {
        ValueConverter.Convert<DateTimeOffset>("2026-11-02T09:30:00+02:00").ShouldBe(new DateTimeOffset(2026, 11, 2, 9, 30, 0, TimeSpan.FromHours(2)));
        ValueConverter.Convert<DateTimeOffset>("2026-11-02T09:30:00").ShouldBe(new DateTimeOffset(2026, 11, 2, 9, 30, 0, TimeSpan.Zero));
        ValueConverter.Convert<DateTimeOffset>(new DateTime(2026, 11, 2, 9, 30, 0, DateTimeKind.Unspecified)).Offset.ShouldBe(TimeSpan.Zero);
    }

    [Fact]
    public void Convert_ToGuid_ParsesText()
    {
        var id = Guid.Parse("7d3c1a52-8f0e-4c1b-9a7e-2f5d6b4c3a21");

        ValueConverter.Convert<Guid>("7d3c1a52-8f0e-4c1b-9a7e-2f5d6b4c3a21").ShouldBe(id);
        ValueConverter.Convert<Guid>("7D3C1A528F0E4C1B9A7E2F5D6B4C3A21").ShouldBe(id);
    }

    [Fact]
    public void Convert_JsonArrayToStringArray_ConvertsEachItem()
    {
        var result = ValueConverter.Convert<string[]>(new JsonArray("a", 2, true));

        result.ShouldBe(["a", "2", "true"]);
    }

    [Fact]
    public void Convert_JsonArrayTextToStringArray_ParsesTheText() =>
        ValueConverter.Convert<string[]>("""["p1", "p2"]""").ShouldBe(["p1", "p2"]);

    [Fact]
    public void Convert_JsonArrayToInt32Array_ConvertsEachItem() =>
        ValueConverter.Convert<int[]>(new JsonArray(1, "2", 3.0)).ShouldBe([1, 2, 3]);

    [Theory]
    [InlineData("Suspended", WorkflowSubStatus.Suspended)]
    [InlineData("faulted", WorkflowSubStatus.Faulted)]
    public void Convert_ToEnum_IgnoresCase(string value, WorkflowSubStatus expected) =>
        ValueConverter.Convert<WorkflowSubStatus>(value).ShouldBe(expected);

    [Fact]
    public void Convert_Null_GivesTheDefaultOfValueTypesAndNullOtherwise()
    {
        ValueConverter.Convert(null, typeof(int)).ShouldBe(0);
        ValueConverter.Convert(null, typeof(int?)).ShouldBeNull();
        ValueConverter.Convert(null, typeof(string)).ShouldBeNull();
    }

    [Fact]
    public void Convert_ToNullable_ConvertsToTheUnderlyingType() =>
        ValueConverter.Convert<int?>("5").ShouldBe(5);

    [Fact]
    public void Convert_ToString_WritesValuesAsText()
    {
        ValueConverter.Convert<string>(12.5).ShouldBe("12.5");
        ValueConverter.Convert<string>(true).ShouldBe("true");
        ValueConverter.Convert<string>(new JsonObject { ["a"] = 1 }).ShouldBe("""{"a":1}""");
    }

    [Fact]
    public void Convert_TextToJsonObject_ParsesIt() =>
        ValueConverter.Convert<JsonObject>("""{"k": [1, 2]}""")!["k"]!.AsArray().Count.ShouldBe(2);

    [Theory]
    [InlineData("abc", typeof(int), "'abc'", "Int32")]
    [InlineData("4.5", typeof(int), "'4.5'", "Int32")]
    [InlineData("yes", typeof(bool), "'yes'", "Boolean")]
    [InlineData("abc", typeof(TimeSpan), "'abc'", "TimeSpan")]
    [InlineData("PXYZ", typeof(TimeSpan), "'PXYZ'", "TimeSpan")]
    [InlineData("not a date", typeof(DateTimeOffset), "'not a date'", "DateTimeOffset")]
    [InlineData("1234", typeof(Guid), "'1234'", "Guid")]
    [InlineData("Sleeping", typeof(WorkflowSubStatus), "'Sleeping'", "WorkflowSubStatus")]
    [InlineData("[1, 2", typeof(string[]), "'[1, 2'", "String[]")]
    [InlineData("12", typeof(string[]), "'12'", "String[]")]
    [InlineData("[1]", typeof(JsonObject), "'[1]'", "JsonObject")]
    public void Convert_Failure_ThrowsFormatExceptionNamingValueAndType(object value, Type target, string valueText, string typeName)
    {
        var error = Should.Throw<FormatException>(() => ValueConverter.Convert(value, target));

        error.Message.ShouldBe($"cannot convert {valueText} to {typeName}");
    }

    [Fact]
    public void Convert_Failure_ShortensLongValues()
    {
        var error = Should.Throw<FormatException>(() => ValueConverter.Convert<int>(new string('x', 100)));

        error.Message.ShouldBe($"cannot convert '{new string('x', 57)}...' to Int32");
    }

    [Theory]
    [InlineData("Int32", typeof(int))]
    [InlineData("int32", typeof(int))]
    [InlineData("Boolean", typeof(bool))]
    [InlineData("Double", typeof(double))]
    [InlineData("TimeSpan", typeof(TimeSpan))]
    [InlineData("DateTimeOffset", typeof(DateTimeOffset))]
    [InlineData("Guid", typeof(Guid))]
    [InlineData("String", typeof(string))]
    [InlineData(" String ", typeof(string))]
    [InlineData("Object", typeof(object))]
    [InlineData("JsonElement", typeof(JsonNode))]
    [InlineData("String[]", typeof(string[]))]
    [InlineData("Int32[][]", typeof(int[][]))]
    [InlineData("Int32?", typeof(int?))]
    [InlineData("String?", typeof(string))]
    [InlineData("Int32?[]", typeof(int?[]))]
    [InlineData("", typeof(object))]
    [InlineData(null, typeof(object))]
    public void ResolveTypeName_ElsaAliases_MapToClrTypes(string? typeName, Type expected) =>
        ValueConverter.ResolveTypeName(typeName).ShouldBe(expected);

    [Theory]
    [InlineData("System.Collections.Generic.Dictionary`2[[System.String, System.Private.CoreLib],[System.Object, System.Private.CoreLib]], System.Private.CoreLib", typeof(JsonObject))]
    [InlineData("System.Collections.Generic.List`1[[System.String, System.Private.CoreLib]], System.Private.CoreLib", typeof(object))]
    [InlineData("Acme.Crm.Case, Acme.Crm", typeof(object))]
    public void ResolveTypeName_ClrQualifiedNames_MapToJsonOrObject(string typeName, Type expected) =>
        ValueConverter.ResolveTypeName(typeName).ShouldBe(expected);

    [Theory]
    [InlineData("Int32", true)]
    [InlineData("String[]", true)]
    [InlineData("Int32?", true)]
    [InlineData("Acme.Crm.Case, Acme.Crm", false)]
    public void IsKnownTypeName_TellsAliasesFromClrNames(string typeName, bool expected) =>
        ValueConverter.IsKnownTypeName(typeName).ShouldBe(expected);

    [Theory]
    [InlineData(typeof(int), "Int32")]
    [InlineData(typeof(string[]), "String[]")]
    [InlineData(typeof(int?), "Int32?")]
    public void FriendlyName_IsTheElsaAlias(Type type, string expected) =>
        ValueConverter.FriendlyName(type).ShouldBe(expected);
}
