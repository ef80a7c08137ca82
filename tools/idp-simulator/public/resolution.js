/* global document, crypto */
import { formPayload, postJson, setUpJobPage } from './job-page.js';

document.getElementById('uuid').value = crypto.randomUUID();
setUpJobPage({ kind: 'resolution', submit: (form) => postJson('/api/jobs/resolution', formPayload(form)) });
