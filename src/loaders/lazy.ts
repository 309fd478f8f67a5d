/**
 * A request's loaders, each made when a resolver first asks for it. A request's context made all
 * of them (17 DataLoaders, each with its cache map and options) whether or not it used one; a
 * list page uses none (its agencies come with the page's statement). The getters are defined
 * once on a prototype, not per request; a loader, once made, is an own property of its set.
 */
import { type DataSource } from 'typeorm';

type Factories = Record<string, (ds: DataSource) => unknown>;

const DS = Symbol('data source');

export type LoaderSet<F extends Factories> = { readonly [K in keyof F]: ReturnType<F[K]> };

/** The function that makes a request's set of the loaders `factories` describe. */
export function lazyLoaders<F extends Factories>(factories: F): (ds: DataSource) => LoaderSet<F> {
  class Loaders {
    readonly [DS]: DataSource;
    constructor(ds: DataSource) {
      this[DS] = ds;
    }
  }
  for (const [name, make] of Object.entries(factories)) {
    Object.defineProperty(Loaders.prototype, name, {
      get(this: Loaders) {
        const loader = make(this[DS]);
        Object.defineProperty(this, name, { value: loader, enumerable: true });
        return loader;
      },
      enumerable: true,
    });
  }
  return (ds) => new Loaders(ds) as unknown as LoaderSet<F>;
}
