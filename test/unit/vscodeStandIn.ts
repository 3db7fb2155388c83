/**
 * A minimal `vscode` module for loading the real bundle in plain Node: every property is a callable
 * stand-in that returns another stand-in, so activate() can run end to end without a host. Only for
 * checks about *what activation does* (which modules it loads, how long it takes); behaviour is
 * tested in the real host.
 */
import Module from 'node:module';

type AnyFunction = (...args: unknown[]) => unknown;

export function createStandIn(name = 'vscode'): unknown {
  const cache = new Map<PropertyKey, unknown>();
  const target = function standIn() {
    return undefined;
  } as AnyFunction;
  return new Proxy(target, {
    get(_t, property) {
      // Not a thenable: `await standIn` must resolve to the stand-in itself.
      if (property === 'then') {
        return undefined;
      }
      if (property === Symbol.toPrimitive) {
        return () => name;
      }
      if (property === 'prototype') {
        return Object.prototype;
      }
      if (!cache.has(property)) {
        cache.set(property, createStandIn(`${name}.${String(property)}`));
      }
      return cache.get(property);
    },
    set(_t, property, value) {
      cache.set(property, value);
      return true;
    },
    apply() {
      return createStandIn(`${name}()`);
    },
    construct() {
      return createStandIn(`new ${name}`) as object;
    },
  });
}

/** Installs the stand-in as `vscode` and records every module id required while `body` runs. */
export function withVscodeStandIn<T>(body: (requested: string[]) => T): T {
  const loader = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
  const original = loader._load;
  const requested: string[] = [];
  const vscode = createStandIn();
  loader._load = function (request: string, ...rest: unknown[]) {
    requested.push(request);
    return request === 'vscode' ? vscode : original.call(this, request, ...rest);
  };
  try {
    return body(requested);
  } finally {
    loader._load = original;
  }
}
