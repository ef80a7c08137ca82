/* global document, crypto, fetch, btoa, DataTransfer, File */
// Document capture as the IDP's page does it: one AES-256-GCM key for the page, each image encrypted in the
// browser with its own random 12-byte IV (WebCrypto returns ciphertext || 128-bit tag), PUT to a pre-signed S3
// URL; only the key, the IVs and the upload's id go to the server, which invokes proof-document.
import { postJson, setUpJobPage } from './job-page.js';

const SIDES = ['front', 'back', 'selfie'];
const keyPromise = crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, true, ['encrypt']);

const base64 = (bytes) => btoa(String.fromCharCode(...bytes));

async function encryptAndUpload(side, file, url, key) {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const ciphertext = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, await file.arrayBuffer());
  let response;
  try {
    response = await fetch(url, { method: 'PUT', body: ciphertext });
  } catch {
    throw new Error(
      `The ${side} image could not be uploaded: the storage endpoint refused the browser's request`,
    );
  }
  if (!response.ok) throw new Error(`The ${side} image could not be uploaded (HTTP ${response.status})`);
  return base64(iv);
}

async function submit(form) {
  const files = {};
  for (const side of SIDES) {
    const file = form.elements.namedItem(side).files[0];
    if (file !== undefined) files[side] = file;
  }
  if (files.front === undefined || files.back === undefined)
    throw new Error('Choose a front and a back image');
  const upload = await postJson('/api/document-uploads', { selfie: files.selfie !== undefined });
  const key = await keyPromise;
  const sides = Object.keys(files);
  const ivs = await Promise.all(
    sides.map((side) => encryptAndUpload(side, files[side], upload.upload_urls[side], key)),
  );
  const iv = Object.fromEntries(sides.map((side, i) => [side, ivs[i]]));
  const rawKey = new Uint8Array(await crypto.subtle.exportKey('raw', key));
  const traceId = form.elements.namedItem('trace_id').value.trim();
  return postJson('/api/jobs/document', {
    upload_id: upload.upload_id,
    encryption_key: base64(rawKey),
    front_image_iv: iv.front,
    back_image_iv: iv.back,
    selfie_image_iv: iv.selfie ?? null,
    liveness_checking_enabled: form.elements.namedItem('liveness_checking_enabled').checked,
    ...(traceId === '' ? {} : { trace_id: traceId }),
  });
}

/** Sample images drawn on a canvas, for a tester without an ID card at hand. */
async function sampleImage(side) {
  const canvas = document.createElement('canvas');
  canvas.width = 320;
  canvas.height = 200;
  const context = canvas.getContext('2d');
  context.fillStyle = side === 'selfie' ? '#dde7f0' : '#f3ecd6';
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.fillStyle = '#333';
  context.font = '28px sans-serif';
  context.fillText(`SAMPLE ID ${side.toUpperCase()}`, 24, 110);
  const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
  return new File([blob], `${side}.png`, { type: 'image/png' });
}

document.getElementById('generate-samples').addEventListener('click', async () => {
  const form = document.getElementById('job-form');
  for (const side of SIDES) {
    const files = new DataTransfer();
    files.items.add(await sampleImage(side));
    form.elements.namedItem(side).files = files.files;
  }
});

setUpJobPage({ kind: 'document', submit });
