import * as AEL from 'adaptive-expressions';
import * as ACData from 'adaptivecards-templating';

/**
 * A card template from cards/ turned into closures once, so that a turn's card costs property
 * reads instead of adaptive-expressions' generic path evaluation (a path is split with a regular
 * expression and each property found by a case-insensitive scan of the object's keys, on every
 * binding of every card: 0.4–0.6 ms for the checklist card, most of a tick's CPU above a bare
 * bot's).
 *
 * The library stays the definition of what a template means. Expressions are parsed by it
 * (`Template.parseInterpolatedString`), the walk below is its `internalExpand` step for step, and
 * only the common cases are evaluated here: a property path to a string, number, boolean, array or
 * plain object; text with such paths in it; `==`, `!=`, `>`, `&&`, `||`, `!` on those; `count` of
 * an array. Anything else (a missing value, which the library writes as `${path}`; a key it would
 * find in another case; an operator we do not cover; a Map; an array index) is handed to the library's own evaluation of the whole
 * expression, with the same context. The tests render every template both ways and compare.
 */
export interface CompiledTemplate {
  expand(root: unknown): unknown;
}

/** What the library's evaluation reads from its context (see template-engine.js). */
interface Scope {
  $root: unknown;
  $data: unknown;
  $index: number | undefined;
  $host: unknown;
  $_acTemplateVersion: unknown;
}

type Node = (scope: Scope) => unknown;

/** An expression the fast path could not settle; the library evaluates the whole of it. */
const ASK_LIBRARY: unique symbol = Symbol('ask the library');
type Fast = (scope: Scope) => unknown;

interface LibraryInternals {
  internalTryEvaluateExpression(expression: AEL.Expression, context: Scope, allowSubstitutions: boolean): { value: unknown; error?: string };
}
const library = ACData.Template as unknown as LibraryInternals;

/** Read from the library so that `${$_acTemplateVersion}` means the same in both. */
const TEMPLATE_VERSION: unknown = (new ACData.Template({ v: '${$_acTemplateVersion}' }).expand({ $root: {} }) as { v: unknown }).v;

const RESERVED = new Set(['$data', '$when', '$root', '$index', '$host', '$_acTemplateVersion']);
const SCOPE_NAMES = new Set(['$root', '$data', '$index', '$host', '$_acTemplateVersion']);

export function compileTemplate(payload: unknown): CompiledTemplate {
  if (!onlyTextData(payload)) {
    // A literal $data (an array or object written into the template) is prepared by the library in
    // ways not mirrored here; no template of ours has one, and such a template is expanded by it.
    const template = new ACData.Template(payload);
    return { expand: (data) => template.expand({ $root: data }) };
  }
  const root = compileNode(payload);
  return {
    expand(data: unknown): unknown {
      return root({ $root: data, $data: data, $index: undefined, $host: undefined, $_acTemplateVersion: TEMPLATE_VERSION });
    },
  };
}

function onlyTextData(node: unknown): boolean {
  if (Array.isArray(node)) return node.every(onlyTextData);
  if (typeof node !== 'object' || node === null) return true;
  const record = node as Record<string, unknown>;
  const data = record['$data'];
  return (data === undefined || typeof data === 'string') && Object.values(record).every(onlyTextData);
}

function compileNode(node: unknown): Node {
  if (typeof node === 'string') {
    const parsed = ACData.Template.parseInterpolatedString(node);
    if (typeof parsed === 'string') return () => parsed;
    const evaluate = compileEvaluation(parsed, true);
    return (scope) => {
      const { value, error } = evaluate(scope);
      if (error !== undefined) throw new Error(error);
      return value;
    };
  }
  if (Array.isArray(node)) return compileArray(node.map(compileNode));
  if (typeof node === 'object' && node !== null) return compileObject(node as Record<string, unknown>);
  return () => node;
}

function compileArray(items: Node[]): Node {
  return (scope) => {
    let result: unknown[] = [];
    for (const item of items) {
      const expanded = withOwnState(scope, item);
      if (expanded === null) continue;
      if (Array.isArray(expanded)) result = result.concat(expanded);
      else result.push(expanded);
    }
    return result;
  };
}

/** The library saves $data and $index before each node and restores them after. */
function withOwnState(scope: Scope, node: Node): unknown {
  const { $data, $index } = scope;
  try {
    return node(scope);
  } finally {
    scope.$data = $data;
    scope.$index = $index;
  }
}

function compileObject(node: Record<string, unknown>): Node {
  const when = node['$when'];
  const parsedWhen = typeof when === 'string' ? ACData.Template.parseInterpolatedString(when) : when;
  const whenIsExpression = parsedWhen instanceof AEL.Expression;
  const evaluateWhen = whenIsExpression ? compileEvaluation(parsedWhen, false) : undefined;
  // A $when that is there but is no expression drops the object in the library (when truthy).
  const dropAlways = !whenIsExpression && Boolean(when);
  const dataTemplate = node['$data'];
  const parsedData = typeof dataTemplate === 'string' ? ACData.Template.parseInterpolatedString(dataTemplate) : dataTemplate;
  const evaluateData = parsedData instanceof AEL.Expression ? compileEvaluation(parsedData, true) : undefined;
  const fields = Object.keys(node)
    .filter((key) => !RESERVED.has(key))
    .map((key) => [key, compileNode(node[key])] as const);

  return (scope) => {
    let dataContext: unknown = evaluateData === undefined ? parsedData : undefined;
    if (evaluateData !== undefined) {
      const { value, error } = evaluateData(scope);
      if (error !== undefined) throw new Error(error);
      dataContext = value;
    }
    const contexts: unknown[] = dataContext === undefined ? [undefined] : Array.isArray(dataContext) ? dataContext : [dataContext];
    const isArray = Array.isArray(dataContext);
    const result: Record<string, unknown>[] = [];
    for (let i = 0; i < contexts.length; i++) {
      if (isArray) scope.$index = i;
      if (contexts[i] !== undefined) scope.$data = contexts[i];
      let drop = dropAlways;
      if (evaluateWhen !== undefined) {
        const { value, error } = evaluateWhen(scope);
        drop = !(error === undefined && value === true);
      }
      if (drop) continue;
      const expanded: Record<string, unknown> = {};
      for (const [key, field] of fields) {
        const value = withOwnState(scope, field);
        if (value !== undefined) expanded[key] = value;
      }
      result.push(expanded);
    }
    return result.length === 0 ? null : result.length === 1 ? result[0] : result;
  };
}

/**
 * One expression as the library's internalTryEvaluateExpression would evaluate it: the fast path
 * when it settles the value, the library otherwise.
 */
function compileEvaluation(expression: AEL.Expression, allowSubstitutions: boolean): (scope: Scope) => { value: unknown; error?: string } {
  const fast = expression.type === AEL.ExpressionType.Concat && allowSubstitutions ? compileText(expression) : compileFast(expression);
  return (scope) => {
    const value = fast === undefined ? ASK_LIBRARY : fast(scope);
    if (value !== ASK_LIBRARY) return { value };
    // The library reads $data through a getter that falls back to $root; our scope keeps it resolved.
    return library.internalTryEvaluateExpression(expression, { ...scope }, allowSubstitutions);
  };
}

/** Text with bindings in it: the library's own concatenation, value by value. */
function compileText(expression: AEL.Expression): Fast | undefined {
  const parts: (string | Fast)[] = [];
  for (const child of expression.children) {
    if (child instanceof AEL.Constant) {
      if (typeof child.value !== 'string') return undefined;
      parts.push(child.value);
      continue;
    }
    const fast = compileFast(child);
    if (fast === undefined) return undefined;
    parts.push(fast);
  }
  return (scope) => {
    let text = '';
    for (const part of parts) {
      if (typeof part === 'string') {
        text += part;
        continue;
      }
      const value = part(scope);
      if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return ASK_LIBRARY;
      text += value.toString();
    }
    return text;
  };
}

function compileFast(expression: AEL.Expression): Fast | undefined {
  switch (expression.type) {
    case AEL.ExpressionType.Constant: {
      const value = (expression as AEL.Constant).value as unknown;
      return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? () => value : undefined;
    }
    case AEL.ExpressionType.Accessor:
      return compilePath(expression);
    case AEL.ExpressionType.Equal:
    case AEL.ExpressionType.NotEqual:
      return compileEquality(expression, expression.type === AEL.ExpressionType.NotEqual);
    case AEL.ExpressionType.GreaterThan: {
      const [left, right] = compileChildren(expression, 2) ?? [];
      if (left === undefined || right === undefined) return undefined;
      return (scope) => {
        const a = left(scope);
        const b = right(scope);
        return isNumber(a) && isNumber(b) ? a > b : ASK_LIBRARY;
      };
    }
    case AEL.ExpressionType.And:
    case AEL.ExpressionType.Or: {
      const children = compileChildren(expression);
      if (children === undefined) return undefined;
      const settles = expression.type === AEL.ExpressionType.Or;
      // Both stop at the first child that settles them, as the library's do.
      return (scope) => {
        for (const child of children) {
          const value = child(scope);
          if (typeof value !== 'boolean') return ASK_LIBRARY;
          if (value === settles) return settles;
        }
        return !settles;
      };
    }
    case AEL.ExpressionType.Not: {
      const [child] = compileChildren(expression, 1) ?? [];
      if (child === undefined) return undefined;
      return (scope) => {
        const value = child(scope);
        return typeof value === 'boolean' ? !value : ASK_LIBRARY;
      };
    }
    case AEL.ExpressionType.Count: {
      const [child] = compileChildren(expression, 1) ?? [];
      if (child === undefined) return undefined;
      return (scope) => {
        const value = child(scope);
        return Array.isArray(value) ? value.length : ASK_LIBRARY;
      };
    }
    default:
      return undefined;
  }
}

function compileChildren(expression: AEL.Expression, arity?: number): Fast[] | undefined {
  if (arity !== undefined && expression.children.length !== arity) return undefined;
  const children = expression.children.map(compileFast);
  return children.every((child) => child !== undefined) ? (children as Fast[]) : undefined;
}

/** FunctionUtils.commonEquals for two strings or two numbers; the library for anything else. */
function compileEquality(expression: AEL.Expression, negate: boolean): Fast | undefined {
  const [left, right] = compileChildren(expression, 2) ?? [];
  if (left === undefined || right === undefined) return undefined;
  return (scope) => {
    const a = left(scope);
    const b = right(scope);
    let equal: boolean;
    if (typeof a === 'string' && typeof b === 'string') equal = a === b;
    else if (isNumber(a) && isNumber(b)) equal = a === b || Math.abs(a - b) < Number.EPSILON;
    else return ASK_LIBRARY;
    return negate ? !equal : equal;
  };
}

function isNumber(value: unknown): value is number {
  return typeof value === 'number' && !Number.isNaN(value);
}

/**
 * `a.b.c` as the library reads it: a path not starting with `$` is read under `$data`. A value that
 * is missing, null, or reached through anything but plain objects is left to the library.
 */
function compilePath(expression: AEL.Expression): Fast | undefined {
  const names: string[] = [];
  let node: AEL.Expression | undefined = expression;
  while (node !== undefined) {
    if (node.type !== AEL.ExpressionType.Accessor) return undefined;
    const name = (node.children[0] as AEL.Constant | undefined)?.value as unknown;
    if (typeof name !== 'string' || name === '' || /[.[\]'"]/.test(name)) return undefined;
    names.unshift(name);
    node = node.children.length === 2 ? node.children[1] : undefined;
  }
  const [first, ...rest] = names[0]?.startsWith('$') ? names : ['$data', ...names];
  if (first === undefined || !SCOPE_NAMES.has(first)) return undefined;
  const head = first as keyof Scope;
  return (scope) => {
    let value: unknown = scope[head];
    for (const name of rest) {
      if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Map || !Object.prototype.hasOwnProperty.call(value, name) || !caseUnique(value)) return ASK_LIBRARY;
      value = (value as Record<string, unknown>)[name];
    }
    return value === undefined || value === null ? ASK_LIBRARY : value;
  };
}

const caseUniqueness = new WeakMap<object, boolean>();

/**
 * Whether no two of the object's keys differ only in case. The library takes the first key that
 * matches ignoring case; where no two do, that is the key as written. Asked once per object.
 */
function caseUnique(value: object): boolean {
  let unique = caseUniqueness.get(value);
  if (unique === undefined) {
    const keys = Object.keys(value);
    unique = new Set(keys.map((key) => key.toLowerCase())).size === keys.length;
    caseUniqueness.set(value, unique);
  }
  return unique;
}
