import { API_DOCS_PAGES, type FunctionDeclaration, type ServiceDeclaration } from '@backend/contracts';
import { resolve } from 'node:path';
import { DeclarationError } from '../errors.js';
import type { InvocationResult } from '../runtime/types.js';
import { startHttpApi, type HttpApiServer, type HttpRoute } from '../wiring/http-api.js';
import { createJwtAuthorizer } from '../wiring/jwt-authorizer.js';

export interface ServiceHttpApiOptions {
  readonly services: readonly ServiceDeclaration[];
  /** The functions that are deployed (a skipped function's routes are not served). */
  readonly functions: readonly FunctionDeclaration[];
  /** The local OAuth 2.0 issuer's URL, for authorizers declared with `{ localIssuer: true }`. */
  readonly localIssuerUrl: string;
  readonly workspaceRoot: string;
  readonly invoke: (functionName: string, event: string) => Promise<InvocationResult>;
  readonly onError: (error: unknown) => void;
  readonly port?: number;
}

/** Each service's JWT authorizers, by `<service>/<name>`. */
function authorizersOf(services: readonly ServiceDeclaration[], localIssuerUrl: string) {
  const authorizers = new Map<string, ReturnType<typeof createJwtAuthorizer>>();
  for (const service of services) {
    for (const [name, declared] of Object.entries(service.jwtAuthorizers ?? {})) {
      const issuer = typeof declared.issuer === 'string' ? declared.issuer : localIssuerUrl;
      authorizers.set(
        `${service.service}/${name}`,
        createJwtAuthorizer({ issuer, audience: declared.audience }),
      );
    }
  }
  return authorizers;
}

/** The HTTP API: the functions' routes with their JWT authorizers, and the services' static pages. */
export async function startServiceHttpApi(options: ServiceHttpApiOptions): Promise<HttpApiServer> {
  const { services, functions } = options;
  const authorizers = authorizersOf(services, options.localIssuerUrl);
  const serviceOf = new Map(services.flatMap((s) => (s.functions ?? []).map((fn) => [fn.name, s.service])));
  const routes: HttpRoute[] = functions.flatMap((fn) =>
    (fn.routes ?? []).map((route) => {
      const {
        routeKey,
        jwtAuthorizer,
        scopes = [],
      } = typeof route === 'string' ? { routeKey: route } : route;
      if (jwtAuthorizer === undefined) return { routeKey, functionName: fn.name };
      const authorize = authorizers.get(`${serviceOf.get(fn.name)}/${jwtAuthorizer}`);
      if (authorize === undefined) {
        throw new DeclarationError(
          `Route "${routeKey}" of ${fn.name} names an undeclared JWT authorizer ${jwtAuthorizer}`,
        );
      }
      return { routeKey, functionName: fn.name, authorizer: { authorize, scopes } };
    }),
  );
  // The services' pages, and every API's reference (docs/api/) at /docs/api/.
  const pages = [...services.flatMap((s) => s.pages ?? []), API_DOCS_PAGES].map((page) => {
    if (!/^\/[A-Za-z0-9._~-]+(\/[A-Za-z0-9._~-]+)*$/.test(page.prefix)) {
      throw new DeclarationError(`Pages prefix "${page.prefix}" must be a path such as /pages`);
    }
    return { prefix: page.prefix, directory: resolve(options.workspaceRoot, page.directory) };
  });
  return startHttpApi(routes, options.invoke, options.onError, options.port, pages);
}
