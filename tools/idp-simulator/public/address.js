/* global document, crypto */
import { formPayload, postJson, setUpJobPage } from './job-page.js';

document.getElementById('uuid').value = crypto.randomUUID();
setUpJobPage({ kind: 'address', submit: (form) => postJson('/api/jobs/address', formPayload(form)) });
