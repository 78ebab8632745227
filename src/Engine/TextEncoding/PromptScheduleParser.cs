using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Engine.TextEncoding;

/// <summary>
/// AUTOMATIC1111's <c>get_learned_conditioning_prompt_schedules</c> (v1.10.1) for one prompt: prompt editing
/// <c>[from:to:when]</c>, <c>[to:when]</c>, <c>[from::when]</c> (nestable) and alternation <c>[a|b|…]</c>.
/// </summary>
/// <remarks>
/// A1111 parses with a lark Earley grammar; this is a recursive-descent parser for the same grammar:
/// <code>
/// start: (prompt | /[][():]/+)*
/// prompt: (emphasized | scheduled | alternate | plain | WHITESPACE)*
/// emphasized: "(" prompt ")" | "(" prompt ":" prompt ")" | "[" prompt "]"      (kept literally)
/// scheduled: "[" [prompt ":"] prompt ":" [WHITESPACE] NUMBER [WHITESPACE] "]"
/// alternate: "[" prompt ("|" [prompt])+ "]"
/// plain: /([^\\\[\]():|]|\\.)+/
/// </code>
/// Where the grammar is ambiguous (a bracket that could be a construct or a stray character at top level) the
/// construct wins, which is what lark picks for the documented cases. A prompt the grammar rejects (a top-level
/// <c>|</c>, a trailing lone backslash) is returned unchanged for every step, as A1111 does. Brackets nested more
/// than <see cref="MaxNesting"/> deep are treated as unparseable constructs (A1111 has no such limit).
/// </remarks>
public static partial class PromptScheduleParser
{
    /// <summary>Deepest bracket nesting parsed as a construct; deeper brackets fall back to literal text.</summary>
    public const int MaxNesting = 500;

    /// <summary>
    /// The prompt's texts by step: one entry per step at which the text may change, each valid up to its
    /// <see cref="ScheduledPrompt.EndAtStep"/>; the last one ends at the step count.
    /// </summary>
    /// <param name="prompt">One sub-prompt (after <c>AND</c> splitting).</param>
    /// <param name="steps">Sampling steps of the first pass.</param>
    /// <param name="hiresSteps">
    /// Steps of a hires-fix second pass: the schedule is then for that pass, with integer <c>when</c> counted
    /// from the start of the first pass and fractional <c>when</c> from 1.0 (A1111's default, non-old scheduling).
    /// </param>
    /// <param name="useOldScheduling">A1111's "use old prompt editing timelines" option.</param>
    public static IReadOnlyList<ScheduledPrompt> GetSchedule(string prompt, int steps, int? hiresSteps = null,
        bool useOldScheduling = false)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        var timing = hiresSteps is null || useOldScheduling
            ? new Timing(steps, 0, 0, useOldScheduling)
            : new Timing(hiresSteps.Value, steps, 1.0, false);

        var nodes = new Parser(prompt).ParseStart();
        if (nodes is null)
        {
            return [new ScheduledPrompt(timing.Steps, prompt)];
        }

        var boundaries = new SortedSet<int> { timing.Steps };
        CollectSteps(nodes, timing, boundaries);
        var result = new List<ScheduledPrompt>(boundaries.Count);
        foreach (var step in boundaries)
        {
            var text = new StringBuilder();
            Render(nodes, step, timing, text);
            result.Add(new ScheduledPrompt(step, text.ToString()));
        }

        return result;
    }

    private static void CollectSteps(List<Node> nodes, Timing timing, SortedSet<int> boundaries)
    {
        foreach (var node in nodes)
        {
            switch (node)
            {
                case ScheduledNode scheduled:
                    var when = timing.When(scheduled.Number);
                    if (when >= 1)
                    {
                        boundaries.Add(when);
                    }

                    if (scheduled.Before is not null)
                    {
                        CollectSteps(scheduled.Before, timing, boundaries);
                    }

                    CollectSteps(scheduled.After, timing, boundaries);
                    break;
                case AlternateNode alternate:
                    for (var step = 1; step <= timing.Steps; step++)
                    {
                        boundaries.Add(step);
                    }

                    foreach (var option in alternate.Options)
                    {
                        CollectSteps(option, timing, boundaries);
                    }

                    break;
            }
        }
    }

    private static void Render(List<Node> nodes, int step, Timing timing, StringBuilder output)
    {
        foreach (var node in nodes)
        {
            switch (node)
            {
                case TextNode text:
                    output.Append(text.Text);
                    break;
                case ScheduledNode scheduled:
                    var chosen = step <= timing.When(scheduled.Number) ? scheduled.Before : scheduled.After;
                    if (chosen is not null)
                    {
                        Render(chosen, step, timing, output);
                    }

                    break;
                case AlternateNode alternate:
                    Render(alternate.Options[(step - 1) % alternate.Options.Count], step, timing, output);
                    break;
            }
        }
    }

    private sealed record Timing(int Steps, int IntOffset, double FloatOffset, bool OldScheduling)
    {
        public int When(string number)
        {
            var value = double.Parse(number, NumberStyles.Float, CultureInfo.InvariantCulture);
            if (OldScheduling)
            {
                value = value < 1 ? value * Steps : value;
            }
            else
            {
                value = number.Contains('.', StringComparison.Ordinal) ? (value - FloatOffset) * Steps : value - IntOffset;
            }

            // Python: min(steps, int(v)); int() truncates toward zero.
            var truncated = Math.Truncate(value);
            return truncated >= Steps ? Steps : truncated <= int.MinValue ? int.MinValue : (int)truncated;
        }
    }

    private abstract record Node;

    private sealed record TextNode(string Text) : Node;

    private sealed record ScheduledNode(List<Node>? Before, List<Node> After, string Number) : Node;

    private sealed record AlternateNode(List<List<Node>> Options) : Node;

    private sealed class Parser(string text)
    {
        private const string StrayCharacters = "[]():";
        private const string Specials = "\\[]():|";
        private readonly Dictionary<int, (List<Node> Nodes, int End)?> _constructs = [];
        private int _depth;

        // start: (prompt | stray bracket/colon)*; null when the grammar rejects the text.
        public List<Node>? ParseStart()
        {
            var nodes = new List<Node>();
            var position = 0;
            while (position < text.Length)
            {
                ParsePrompt(ref position, nodes);
                if (position >= text.Length)
                {
                    break;
                }

                if (!StrayCharacters.Contains(text[position], StringComparison.Ordinal))
                {
                    return null;
                }

                nodes.Add(new TextNode(text[position].ToString()));
                position++;
            }

            return nodes;
        }

        private void ParsePrompt(ref int position, List<Node> into)
        {
            while (position < text.Length)
            {
                var c = text[position];
                if (c == '\\' || !Specials.Contains(c, StringComparison.Ordinal))
                {
                    var start = position;
                    while (position < text.Length)
                    {
                        var d = text[position];
                        if (d == '\\')
                        {
                            if (position + 1 >= text.Length)
                            {
                                break;
                            }

                            position += 2;
                        }
                        else if (Specials.Contains(d, StringComparison.Ordinal))
                        {
                            break;
                        }
                        else
                        {
                            position++;
                        }
                    }

                    if (position == start)
                    {
                        return;
                    }

                    into.Add(new TextNode(text[start..position]));
                    continue;
                }

                if (c is not ('(' or '[') || Construct(position) is not { } construct)
                {
                    return;
                }

                into.AddRange(construct.Nodes);
                position = construct.End;
            }
        }

        // A bracket construct starting at position (memoized: the grammar is context-free, so the answer at a
        // position never changes, and memoizing keeps unbalanced prompts linear).
        private (List<Node> Nodes, int End)? Construct(int position)
        {
            if (_constructs.TryGetValue(position, out var known))
            {
                return known;
            }

            (List<Node>, int)? result = null;
            if (_depth < MaxNesting)
            {
                _depth++;
                result = text[position] == '(' ? ParseRound(position) : ParseSquare(position);
                _depth--;
            }

            _constructs[position] = result;
            return result;
        }

        private (List<Node>, int)? ParseRound(int position)
        {
            var i = position + 1;
            var inner = new List<Node>();
            ParsePrompt(ref i, inner);
            if (i < text.Length && text[i] == ')')
            {
                return ([new TextNode("("), .. inner, new TextNode(")")], i + 1);
            }

            if (i < text.Length && text[i] == ':')
            {
                i++;
                var second = new List<Node>();
                ParsePrompt(ref i, second);
                if (i < text.Length && text[i] == ')')
                {
                    return ([new TextNode("("), .. inner, new TextNode(":"), .. second, new TextNode(")")], i + 1);
                }
            }

            return null;
        }

        private (List<Node>, int)? ParseSquare(int position)
        {
            var i = position + 1;
            var first = new List<Node>();
            ParsePrompt(ref i, first);
            if (i >= text.Length)
            {
                return null;
            }

            switch (text[i])
            {
                case ']':
                    return ([new TextNode("["), .. first, new TextNode("]")], i + 1);
                case '|':
                    var options = new List<List<Node>> { first };
                    while (i < text.Length && text[i] == '|')
                    {
                        i++;
                        var option = new List<Node>();
                        ParsePrompt(ref i, option);
                        options.Add(option);
                    }

                    return i < text.Length && text[i] == ']' ? ([new AlternateNode(options)], i + 1) : null;
                case ':':
                    i++;
                    if (NumberTail(i) is { } toOnly)
                    {
                        return ([new ScheduledNode(null, first, toOnly.Number)], toOnly.End);
                    }

                    var after = new List<Node>();
                    ParsePrompt(ref i, after);
                    if (i < text.Length && text[i] == ':' && NumberTail(i + 1) is { } full)
                    {
                        return ([new ScheduledNode(first, after, full.Number)], full.End);
                    }

                    return null;
                default:
                    return null;
            }
        }

        // [WHITESPACE] NUMBER [WHITESPACE] "]"
        private (string Number, int End)? NumberTail(int position)
        {
            var match = NumberTailRegex().Match(text, position);
            return match.Success && match.Index == position ? (match.Groups[1].Value, position + match.Length) : null;
        }
    }

    [GeneratedRegex(@"\G\s*([+-]?(?:[0-9]+\.[0-9]*(?:[eE][+-]?[0-9]+)?|\.[0-9]+(?:[eE][+-]?[0-9]+)?|[0-9]+(?:[eE][+-]?[0-9]+)?))\s*\]")]
    private static partial Regex NumberTailRegex();
}
