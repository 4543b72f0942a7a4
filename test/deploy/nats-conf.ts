/**
 * Just enough of nats-server's configuration format to check what Sinergi ships
 * (deploy/base/nats.conf, deploy/compose/nats.conf, deploy/base/nats-auth.conf): comments,
 * quoted strings, `key: value` / `key value` / `key = value`, and nested `{ }` and `[ ]`.
 */

/** The text with comments (`#`, `//`) removed; quoted strings kept. */
export function stripComments(conf: string): string {
  let out = '';
  let quote: string | null = null;
  for (let i = 0; i < conf.length; i++) {
    const c = conf[i] as string;
    if (quote) {
      out += c;
      if (c === '\\') out += conf[++i] ?? '';
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'") {
      quote = c;
      out += c;
    } else if (c === '#' || (c === '/' && conf[i + 1] === '/')) {
      while (i < conf.length && conf[i] !== '\n') i++;
      out += '\n';
    } else {
      out += c;
    }
  }
  return out;
}

/** The text with every quoted string emptied: `"$JS.API.INFO"` is a subject, not a variable. */
function stripStrings(text: string): string {
  return text.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""');
}

/** The statements at the outermost level of a block body: `[key, rest]`, nested blocks kept whole. */
export function statements(body: string): Array<{ key: string; value: string }> {
  const text = stripComments(body);
  const result: Array<{ key: string; value: string }> = [];
  let depth = 0;
  let current = '';
  let quote: string | null = null;
  const flush = () => {
    const trimmed = current.trim();
    if (trimmed) {
      const match = /^([A-Za-z_$][\w.$-]*)\s*(?:[:=]\s*|\s+|(?=[{[]))([\s\S]*)$/.exec(trimmed);
      result.push(
        match ? { key: match[1] as string, value: (match[2] as string).trim() } : { key: trimmed, value: '' },
      );
    }
    current = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    current += c;
    if (quote) {
      if (c === '\\') current += text[++i] ?? '';
      else if (c === quote) quote = null;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0 && c === '}') flush();
    } else if (depth === 0 && (c === '\n' || c === ',' || c === ';')) {
      current = current.slice(0, -1);
      flush();
    }
  }
  flush();
  return result;
}

/** The body of the block `key { ... }` at the outermost level of `body`, if there is one. */
export function block(body: string, key: string): string | undefined {
  const found = statements(body).filter((s) => s.key === key && s.value.startsWith('{'));
  if (found.length > 1) throw new Error(`more than one ${key} block`);
  return found[0]?.value.slice(1, -1);
}

/** A simple value `key: value` at the outermost level of `body`, quotes removed. */
export function value(body: string, key: string): string | undefined {
  const found = statements(body).find((s) => s.key === key && !s.value.startsWith('{'));
  return found?.value.replace(/^"(.*)"$/, '$1');
}

/** Every `$VARIABLE` a configuration takes from its environment (outside quoted strings). */
export function variables(conf: string): string[] {
  return [...new Set([...stripStrings(stripComments(conf)).matchAll(/\$([A-Za-z_]\w*)/g)].map((m) => m[1] as string))];
}

/**
 * Keys that would let a client in by another door than the shipped users, or open another
 * listener (with its own authentication) beside the TLS client port and the cluster routes.
 */
export const FORBIDDEN_SERVER_KEYS = [
  'authorization',
  'accounts',
  'users',
  'no_auth_user',
  'system_account',
  'operator',
  'resolver',
  'leafnodes',
  'gateway',
  'websocket',
  'mqtt',
  'allow_non_tls',
];

/** What a shipped server configuration is made of: its includes, client TLS, JetStream and cluster. */
export function describeServerConf(conf: string) {
  const top = statements(conf);
  const tls = block(conf, 'tls') ?? '';
  const jetstream = block(conf, 'jetstream') ?? '';
  const cluster = block(conf, 'cluster');
  const clusterTls = cluster === undefined ? undefined : (block(cluster, 'tls') ?? '');
  return {
    keys: top.map((s) => s.key),
    includes: top.filter((s) => s.key === 'include').map((s) => s.value),
    tls: {
      certFile: value(tls, 'cert_file'),
      keyFile: value(tls, 'key_file'),
      caFile: value(tls, 'ca_file'),
      verify: value(tls, 'verify'),
    },
    jetstream: { storeDir: value(jetstream, 'store_dir'), syncInterval: value(jetstream, 'sync_interval') },
    cluster:
      cluster === undefined
        ? undefined
        : {
            advertise: value(cluster, 'advertise'),
            tls: {
              certFile: value(clusterTls ?? '', 'cert_file'),
              keyFile: value(clusterTls ?? '', 'key_file'),
              caFile: value(clusterTls ?? '', 'ca_file'),
            },
          },
    variables: variables(conf),
  };
}

/** The nkey variables of the users in auth.conf (`nkey: $SINERGI_NKEY_REHAB`), and whether anyone else gets in. */
export function describeAuthConf(conf: string) {
  const accounts = block(conf, 'accounts') ?? '';
  return {
    keys: statements(conf).map((s) => s.key),
    accounts: statements(accounts).map((s) => s.key),
    nkeyVariables: [...stripComments(conf).matchAll(/^\s*(?:\{\s*)?nkey:\s*\$(\w+)/gm)].map((m) => m[1] as string),
    users: [...stripStrings(stripComments(conf)).matchAll(/\{\s*nkey:/g)].length,
    /** A user/password or token login, or a default user for anonymous clients: none may exist. */
    otherLogins: /\b(user|password|token|no_auth_user)\s*[:=]/.test(stripStrings(stripComments(conf))),
    variables: variables(conf),
  };
}
