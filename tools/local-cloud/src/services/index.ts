import type { ServiceDeclaration } from '../declarations.js';
import { proofing } from './proofing.js';

export { LOCAL_ENVIRONMENT } from './environment.js';
export {
  callbackSigningKeyParameter,
  callbackTokenParameter,
  documentBucket,
  outcomeKeyParameter,
  outcomesTable,
} from './proofing.js';

/** Every service of the workspace, as `npm start` deploys it; one entry per directory of terraform/services/. */
export const SERVICES: readonly ServiceDeclaration[] = [proofing];
