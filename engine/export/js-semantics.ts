/**
 * The Python helpers an exported program starts with, where JavaScript and
 * Python disagree and the export keeps JavaScript's meaning:
 * - `js_print`: `console.log`, which prints arrays and objects as Node's
 *   `util.inspect` does (depth 2, 80 columns, arrays of more than six short
 *   entries in aligned columns) — the same rules as playground/format-browser.ts,
 *   so the Python program prints what the JavaScript one printed. A dict with
 *   only string keys prints as the object literal it came from, any other as
 *   a `Map` (what `collectAsMap` gives in JavaScript);
 * - `js_str`: `String(x)` and template literals (`2` not `2.0`, `true`, arrays
 *   joined with commas);
 * - `js_rem`: `%`, whose result takes the dividend's sign (Python's, the divisor's);
 * - `js_sort`: `Array.prototype.sort`, which without a comparator orders by
 *   the elements' strings (`[10, 9].sort()` is `[10, 9]`), and with one
 *   takes any number as the comparison;
 * - `js_index_of`, `js_last_index_of`, `js_pad` (padStart, padEnd),
 *   `js_char_at`, `js_substring`: the string and array methods Python spells
 *   or bounds otherwise (-1 for a missing value, a fill cut to fit, ends
 *   clamped and swapped);
 * Only the helpers a program uses are written into it.
 */

interface Helper {
  name: string;
  /** Helpers this one calls. */
  needs: string[];
  source: string;
}

const HELPERS: Helper[] = [
  {
    name: 'js_str',
    needs: [],
    source: `def js_str(value):
    """JavaScript's String(value)."""
    if value is None:
        return "undefined"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if value != value:
            return "NaN"
        if value in (float("inf"), float("-inf")):
            return "Infinity" if value > 0 else "-Infinity"
        if value.is_integer() and abs(value) < 1e21:
            return str(int(value))
        return repr(value).replace("e-0", "e-").replace("e+0", "e+")
    if isinstance(value, tuple) and hasattr(value, "__fields__"):
        # A pyspark.sql.Row: Kindling's JavaScript Row prints as PySpark's Row.__repr__.
        return repr(value)
    if isinstance(value, (list, tuple)):
        return ",".join("" if item is None else js_str(item) for item in value)
    if isinstance(value, dict):
        return "[object Object]" if all(isinstance(k, str) for k in value) else "[object Map]"
    return str(value)`,
  },
  {
    name: 'js_rem',
    needs: [],
    source: `def js_rem(a, b):
    """JavaScript's a % b: the remainder takes the sign of a (Python's % takes b's)."""
    if isinstance(a, int) and isinstance(b, int) and b != 0:
        r = abs(a) % abs(b)
        return -r if a < 0 else r
    import math

    return math.fmod(a, b)`,
  },
  {
    name: 'js_sort',
    needs: ['js_str'],
    source: `def js_sort(values, compare=None):
    """JavaScript's array.sort(compare): in place; without compare, by the elements' strings."""
    import functools

    if compare is None:
        values.sort(key=js_str)
    else:
        values.sort(key=functools.cmp_to_key(lambda a, b: (compare(a, b) > 0) - (compare(a, b) < 0)))
    return values`,
  },
  {
    name: 'js_inspect',
    needs: ['js_str'],
    source: `def js_inspect(value, depth=2, _indent=0, _level=0, _ctx=None):
    """Node's util.inspect(value) with its defaults, for the values a Spark program prints."""
    ctx = {"current": 0} if _ctx is None else _ctx
    if isinstance(value, str):
        return _js_quote(value)
    if value is None or isinstance(value, (bool, int, float)):
        return "null" if value is None else js_str(value)
    if isinstance(value, tuple) and hasattr(value, "__fields__"):
        return repr(value)
    is_list = isinstance(value, (list, tuple))
    if not is_list and not isinstance(value, dict):
        return str(value)
    is_object = isinstance(value, dict) and all(isinstance(k, str) for k in value)
    if not value:
        return "[]" if is_list else ("{}" if is_object else "Map(0) {}")
    if _level > depth:
        return "[Array]" if is_list else ("[Object]" if is_object else "[Map]")
    level = _level + 1
    ctx["current"] = level

    def show(item):
        return js_inspect(item, depth, _indent + 2, level, ctx)

    if is_list:
        output = [show(item) for item in value[:100]]
        if len(value) > 100:
            more = len(value) - 100
            output.append(f"... {more} more item{'s' if more > 1 else ''}")
        grouped = _js_group(output, value, _indent) if len(output) > 6 else output
        return _js_reduce(grouped, "[", "]", _indent, ctx["current"] - level < 3 and len(grouped) == len(output))
    if is_object:
        output = [(k if k.isidentifier() else _js_quote(k)) + ": " + show(v) for k, v in value.items()]
        return _js_reduce(output, "{", "}", _indent, ctx["current"] - level < 3)
    output = [show(k) + " => " + show(v) for k, v in value.items()]
    return _js_reduce(output, f"Map({len(value)}) {{", "}", _indent, ctx["current"] - level < 3)


def _js_quote(text):
    quote = "'"
    if "'" in text:
        quote = '"' if '"' not in text else ("\`" if "\`" not in text and "\${" not in text else "'")
    escapes = {"\\n": "\\\\n", "\\t": "\\\\t", "\\r": "\\\\r", "\\b": "\\\\b", "\\f": "\\\\f", "\\\\": "\\\\\\\\"}
    out = []
    for ch in text:
        if ch in escapes:
            out.append(escapes[ch])
        elif ch == quote == "'":
            out.append("\\\\'")
        elif ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F:
            out.append(f"\\\\x{ord(ch):02X}")
        else:
            out.append(ch)
    return quote + "".join(out) + quote


def _js_group(output, values, indent):
    total = 0
    longest = 0
    # The "... n more items" entry is not part of the grid.
    count = len(output) - 1 if len(values) > 100 else len(output)
    lengths = [len(entry) for entry in output[:count]]
    for length in lengths:
        total += length + 2
        longest = max(longest, length)
    actual_max = longest + 2
    if actual_max * 3 + indent < 80 and (total / actual_max > 5 or longest <= 6):
        bias = (actual_max - total / len(output)) ** 0.5
        biased_max = max(actual_max - 3 - bias, 1)
        columns = min(
            int(((2.5 * biased_max * count) ** 0.5) / biased_max + 0.5),
            (80 - indent) // actual_max,
            12,
            15,
        )
        if columns <= 1:
            return output
        widths = [max(lengths[j] for j in range(c, count, columns)) + 2 for c in range(columns)]
        numbers = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values[: len(output)])
        grouped = []
        for i in range(0, count, columns):
            row = output[i : min(i + columns, count)]
            line = ""
            for j, cell in enumerate(row[:-1]):
                cell = cell + ", "
                line += cell.rjust(widths[j]) if numbers else cell.ljust(widths[j])
            last = row[-1]
            line += last.rjust(widths[len(row) - 1] - 2) if numbers else last
            grouped.append(line)
        grouped.extend(output[count:])
        return grouped
    return output


def _js_reduce(output, open_brace, close_brace, indent, may_join):
    if may_join:
        start = len(output) + indent + len(open_brace) + 10
        total = len(output) + start
        fits = total + len(output) <= 80
        if fits:
            for entry in output:
                total += len(entry)
                if total > 80:
                    fits = False
                    break
        joined = ", ".join(output)
        if fits and "\\n" not in joined:
            return f"{open_brace} {joined} {close_brace}"
    pad = "\\n" + " " * indent
    return f"{open_brace}{pad}  " + f",{pad}  ".join(output) + f"{pad}{close_brace}"`,
  },
  {
    name: 'js_print',
    needs: ['js_inspect'],
    source: `def js_print(*values):
    """console.log: strings as they are, everything else as Node's util.inspect shows it."""
    print(" ".join(value if isinstance(value, str) else js_inspect(value) for value in values))`,
  },
  {
    name: 'js_index_of',
    needs: [],
    source: `def js_index_of(values, item, start=0):
    """JavaScript's indexOf on a string or an array: the first index from start, or -1."""
    if isinstance(values, str):
        return values.find(item, max(start, 0))
    for i in range(max(start, 0), len(values)):
        if values[i] == item:
            return i
    return -1`,
  },
  {
    name: 'js_last_index_of',
    needs: [],
    source: `def js_last_index_of(values, item, start=None):
    """JavaScript's lastIndexOf on a string or an array: the last index up to start, or -1."""
    end = len(values) if start is None else start
    if isinstance(values, str):
        return values.rfind(item, 0, max(end, 0) + len(item))
    for i in range(min(end, len(values) - 1), -1, -1):
        if values[i] == item:
            return i
    return -1`,
  },
  {
    name: 'js_pad',
    needs: [],
    source: `def js_pad(text, length, fill=" ", at_start=True):
    """JavaScript's padStart (at_start) and padEnd: the fill repeated and cut to reach length."""
    missing = int(length) - len(text)
    if missing <= 0 or fill == "":
        return text
    padding = (fill * (missing // len(fill) + 1))[:missing]
    return padding + text if at_start else text + padding`,
  },
  {
    name: 'js_char_at',
    needs: [],
    source: `def js_char_at(text, index=0):
    """JavaScript's charAt: the character at index, or "" outside the string (never from the end)."""
    index = int(index)
    return text[index] if 0 <= index < len(text) else ""`,
  },
  {
    name: 'js_substring',
    needs: [],
    source: `def js_substring(text, start, end=None):
    """JavaScript's substring: both ends kept within the string, and swapped when start is after end."""

    def clamp(value):
        return 0 if value != value else min(max(int(value), 0), len(text))

    start = clamp(start)
    end = len(text) if end is None else clamp(end)
    return text[min(start, end) : max(start, end)]`,
  },
];

/** The names of every helper, to recognise them in generated code. */
export const JS_HELPER_NAMES: readonly string[] = HELPERS.map((helper) => helper.name);

/**
 * The Python source of the helpers `used` names and of those they call, in a fixed order.
 *
 * @example
 * helperSource(new Set(['js_print'])) // 'def js_str(value): …\n\n\ndef js_inspect(…'
 */
export function helperSource(used: ReadonlySet<string>): string {
  const wanted = new Set<string>();
  const add = (name: string) => {
    if (wanted.has(name)) return;
    wanted.add(name);
    for (const need of HELPERS.find((helper) => helper.name === name)?.needs ?? []) add(need);
  };
  for (const name of used) add(name);
  return HELPERS.filter((helper) => wanted.has(helper.name))
    .map((helper) => helper.source)
    .join('\n\n\n');
}
