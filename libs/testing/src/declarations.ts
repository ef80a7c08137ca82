import type { FunctionDeclaration, QueueDeclaration, ServiceDeclaration } from '@backend/contracts';

/** What a test changes in a declaration, by queue and function name. */
export interface DeclarationOverrides {
  readonly queues?: Readonly<Record<string, Partial<QueueDeclaration>>>;
  /** A function's changes, given the declared function (to extend its environment or event sources). */
  readonly functions?: Readonly<Record<string, (fn: FunctionDeclaration) => Partial<FunctionDeclaration>>>;
}

/**
 * A service's declaration with some queues and functions changed, so that what takes minutes in AWS (visibility
 * timeouts, function timeouts, claims) fits in a test; everything else as declared.
 */
export function overrideDeclaration(
  service: ServiceDeclaration,
  overrides: DeclarationOverrides,
): ServiceDeclaration {
  const { queues = {}, functions = {} } = overrides;
  return {
    ...service,
    queues: service.queues?.map((queue) => ({ ...queue, ...queues[queue.name] })),
    functions: service.functions?.map((fn) => ({ ...fn, ...functions[fn.name]?.(fn) })),
  };
}
