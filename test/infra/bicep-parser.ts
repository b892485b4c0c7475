/**
 * Just enough of Bicep to read infra/azure.bicep in tests (the Bicep CLI is not available here):
 * its params, vars, resources and outputs, with each resource body parsed into objects, arrays,
 * plain string literals and, for anything else, the expression's text.
 */

export type BicepValue =
  | { readonly kind: 'object'; readonly entries: ReadonlyMap<string, BicepValue> }
  | { readonly kind: 'array'; readonly items: readonly BicepValue[] }
  /** A string literal without interpolation, unescaped. */
  | { readonly kind: 'string'; readonly value: string }
  /** Anything else (a reference, a call, an interpolated string, true, 42), as written. */
  | { readonly kind: 'expr'; readonly text: string };

export interface BicepResource {
  readonly symbol: string;
  /** 'Microsoft.Web/sites' */
  readonly type: string;
  readonly apiVersion: string;
  readonly body: BicepValue & { kind: 'object' };
}

export interface BicepParam {
  readonly name: string;
  readonly type: string;
  /** The default as written, or undefined when the deployer must give it. */
  readonly defaultValue: string | undefined;
}

export interface BicepFile {
  readonly params: ReadonlyMap<string, BicepParam>;
  readonly vars: ReadonlyMap<string, BicepValue>;
  readonly resources: readonly BicepResource[];
  readonly outputs: ReadonlyMap<string, string>;
}

class Scanner {
  pos = 0;
  constructor(readonly text: string) {}

  fail(message: string): never {
    const line = this.text.slice(0, this.pos).split('\n').length;
    throw new Error(`Bicep parse error at line ${line}: ${message}`);
  }

  peek(offset = 0): string {
    return this.text[this.pos + offset] ?? '';
  }

  /** Spaces, tabs and comments; newlines and commas too when `newlines`. */
  skipTrivia(newlines: boolean): void {
    for (;;) {
      const c = this.peek();
      if (c === ' ' || c === '\t' || c === '\r' || (newlines && (c === '\n' || c === ','))) this.pos++;
      else if (c === '/' && this.peek(1) === '/') {
        while (this.pos < this.text.length && this.peek() !== '\n') this.pos++;
      } else if (c === '/' && this.peek(1) === '*') {
        const end = this.text.indexOf('*/', this.pos + 2);
        if (end < 0) this.fail('unterminated comment');
        this.pos = end + 2;
      } else return;
    }
  }

  /** Moves past a string literal starting at pos, interpolations (and strings in them) included. */
  skipString(): void {
    if (this.peek() !== "'") this.fail('expected a string');
    if (this.text.startsWith("'''", this.pos)) {
      const end = this.text.indexOf("'''", this.pos + 3);
      if (end < 0) this.fail('unterminated multi-line string');
      this.pos = end + 3;
      return;
    }
    this.pos++;
    for (;;) {
      const c = this.peek();
      if (c === '') this.fail('unterminated string');
      if (c === '\n') this.fail('line break in a string');
      if (c === '\\') this.pos += 2;
      else if (c === "'") {
        this.pos++;
        return;
      } else if (c === '$' && this.peek(1) === '{') {
        this.pos += 2;
        this.skipBalanced('}');
      } else this.pos++;
    }
  }

  /** Moves past everything up to and including `close`, across nested brackets and strings. */
  skipBalanced(close: string): void {
    const stack = [close];
    while (stack.length > 0) {
      const c = this.peek();
      if (c === '') this.fail(`missing ${stack[stack.length - 1]}`);
      if (c === "'") {
        this.skipString();
        continue;
      }
      if (c === '/' && this.peek(1) === '/') {
        this.skipTrivia(false);
        continue;
      }
      if (c === '{') stack.push('}');
      else if (c === '[') stack.push(']');
      else if (c === '(') stack.push(')');
      else if (c === '}' || c === ']' || c === ')') {
        if (c !== stack.pop()) this.fail(`unbalanced ${c}`);
      }
      this.pos++;
    }
  }

  parseValue(): BicepValue {
    this.skipTrivia(false);
    const start = this.pos;
    const c = this.peek();
    if (c === '{' || c === '[') {
      const value = c === '{' ? this.parseObject() : this.parseArray();
      // `{ … }` on its own is an object; followed by more (`[ … ][0]`) it is an expression.
      const after = this.pos;
      this.skipTrivia(false);
      const next = this.peek();
      if (next === '' || next === '\n' || next === ',' || next === '}' || next === ']') return value;
      this.pos = after;
      return this.parseExpression(start);
    }
    return this.parseExpression(start);
  }

  /** An expression up to the end of its line, a comma, or the bracket that closes its container. */
  parseExpression(start = this.pos): BicepValue {
    for (;;) {
      const c = this.peek();
      if (c === '' || c === '\n' || c === ',' || c === '}' || c === ']') break;
      if (c === '/' && this.peek(1) === '/') break;
      if (c === "'") this.skipString();
      else if (c === '{' || c === '[' || c === '(') {
        this.pos++;
        this.skipBalanced(c === '{' ? '}' : c === '[' ? ']' : ')');
      } else this.pos++;
    }
    const text = this.text.slice(start, this.pos).trim();
    if (text === '') this.fail('expected a value');
    const literal = /^'((?:[^'\\$]|\\.|\$(?!\{))*)'$/.exec(text);
    if (literal) return { kind: 'string', value: literal[1]!.replace(/\\(.)/g, (_, ch: string) => ({ n: '\n', t: '\t', r: '\r' })[ch] ?? ch) };
    return { kind: 'expr', text };
  }

  parseObject(): BicepValue & { kind: 'object' } {
    if (this.peek() !== '{') this.fail('expected {');
    this.pos++;
    const entries = new Map<string, BicepValue>();
    for (;;) {
      this.skipTrivia(true);
      const c = this.peek();
      if (c === '}') {
        this.pos++;
        return { kind: 'object', entries };
      }
      if (c === '') this.fail('missing }');
      let key: string;
      if (c === "'") {
        const start = this.pos;
        this.skipString();
        key = this.text.slice(start, this.pos);
      } else {
        const match = /^[A-Za-z_$][\w$]*/.exec(this.text.slice(this.pos));
        if (!match) this.fail(`expected a property name, found ${JSON.stringify(c)}`);
        key = match[0];
        this.pos += key.length;
      }
      this.skipTrivia(false);
      if (this.peek() !== ':') this.fail(`expected : after ${key}`);
      this.pos++;
      if (entries.has(key)) this.fail(`duplicate property ${key}`);
      entries.set(key, this.parseValue());
    }
  }

  parseArray(): BicepValue & { kind: 'array' } {
    if (this.peek() !== '[') this.fail('expected [');
    this.pos++;
    const items: BicepValue[] = [];
    for (;;) {
      this.skipTrivia(true);
      const c = this.peek();
      if (c === ']') {
        this.pos++;
        return { kind: 'array', items };
      }
      if (c === '') this.fail('missing ]');
      items.push(this.parseValue());
    }
  }
}

/** Parses a Bicep file's top-level declarations; throws on what it cannot read. */
export function parseBicep(text: string): BicepFile {
  const source = text.replace(/\r\n/g, '\n');
  const params = new Map<string, BicepParam>();
  const vars = new Map<string, BicepValue>();
  const resources: BicepResource[] = [];
  const outputs = new Map<string, string>();
  const scanner = new Scanner(source);

  for (;;) {
    scanner.skipTrivia(true);
    if (scanner.pos >= source.length) break;
    const rest = source.slice(scanner.pos);
    const lineEnd = rest.indexOf('\n');
    const line = lineEnd < 0 ? rest : rest.slice(0, lineEnd);
    let m: RegExpExecArray | null;
    if (line.startsWith('@')) {
      // A decorator: @description('…') may hold parentheses and strings.
      scanner.pos += /^@[\w.]+/.exec(line)![0].length;
      if (scanner.peek() === '(') {
        scanner.pos++;
        scanner.skipBalanced(')');
      }
    } else if ((m = /^param\s+(\w+)\s+(\w+)(\s*=\s*)?/.exec(line))) {
      scanner.pos += m[0].length;
      const start = scanner.pos;
      if (m[3] !== undefined) scanner.parseValue();
      const defaultValue = m[3] === undefined ? undefined : source.slice(start, scanner.pos).trim();
      if (params.has(m[1]!)) scanner.fail(`duplicate param ${m[1]}`);
      params.set(m[1]!, { name: m[1]!, type: m[2]!, defaultValue });
    } else if ((m = /^var\s+(\w+)\s*=\s*/.exec(line))) {
      scanner.pos += m[0].length;
      vars.set(m[1]!, scanner.parseValue());
    } else if ((m = /^resource\s+(\w+)\s+'([^'@]+)@([^']+)'\s*(?:existing\s*)?=\s*/.exec(line))) {
      scanner.pos += m[0].length;
      if (scanner.peek() !== '{') scanner.fail(`resource ${m[1]}: only plain bodies are read (no if/for)`);
      resources.push({ symbol: m[1]!, type: m[2]!, apiVersion: m[3]!, body: scanner.parseObject() });
    } else if ((m = /^output\s+(\w+)\s+\w+\s*=\s*/.exec(line))) {
      scanner.pos += m[0].length;
      const start = scanner.pos;
      scanner.parseValue();
      outputs.set(m[1]!, source.slice(start, scanner.pos).trim());
    } else {
      scanner.fail(`unexpected statement: ${line}`);
    }
  }
  return { params, vars, resources, outputs };
}

/** The value at a path of property names, or undefined. */
export function at(value: BicepValue | undefined, ...path: string[]): BicepValue | undefined {
  let current = value;
  for (const key of path) {
    if (current?.kind !== 'object') return undefined;
    current = current.entries.get(key);
  }
  return current;
}

/** A string literal's value, an expression's text; undefined for objects, arrays and nothing. */
export function text(value: BicepValue | undefined): string | undefined {
  if (value?.kind === 'string') return value.value;
  if (value?.kind === 'expr') return value.text;
  return undefined;
}
