/** Secrets Manager's staging labels this tool moves. */
export const CURRENT = 'AWSCURRENT';
export const PREVIOUS = 'AWSPREVIOUS';
export const PENDING = 'AWSPENDING';

/** The version that carries `stage` in DescribeSecret's VersionIdsToStages, if any. */
export const holderOf = (versions: Record<string, string[]>, stage: string): string | undefined =>
  Object.entries(versions).find(([, stages]) => stages.includes(stage))?.[0];
