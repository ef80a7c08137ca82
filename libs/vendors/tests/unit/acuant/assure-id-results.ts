/**
 * AssureID `GET /AssureIDService/Document/<id>` bodies, shaped as Acuant returns them (trimmed to the
 * fields the client reads plus a few it must ignore). Test data of our own.
 */
export const PII = {
  first: 'ADA',
  middle: 'KING',
  last: 'LOVELACE',
  address1: '12 ANALYTICAL ROW',
  city: 'SPRINGFIELD',
  state: 'IL',
  zip: '62704',
  documentNumber: 'L12345678',
  dobMs: Date.UTC(1915, 11, 10),
};

const field = (Name: string, Value: string) => ({ Name, Value, DataSource: 6, Description: `The ${Name}` });

export function assureIdResult(overrides: { Result?: number; Alerts?: unknown[]; ClassName?: string } = {}) {
  return {
    InstanceId: 'e1d7e7a0-1c1b-4a5e-9f55-6f1a8d3c2b10',
    Result: overrides.Result ?? 1,
    Alerts: overrides.Alerts ?? [
      {
        Id: 'a-1',
        Key: 'Document Expired',
        Name: 'Document Expired',
        Result: 1,
        RegionReferences: [],
        Disposition: 'The document has not expired',
      },
      {
        Id: 'a-2',
        Key: 'Visible Pattern',
        Name: 'Visible Pattern',
        Result: 1,
        RegionReferences: ['r-1'],
        Disposition: 'A visible pattern was verified',
      },
    ],
    Classification: {
      ClassificationDetails: {
        Front: {
          ClassName: overrides.ClassName ?? 'Drivers License',
          CountryCode: 'USA',
          IssuerType: 2,
          IssuerName: 'Illinois',
        },
        Back: {
          ClassName: overrides.ClassName ?? 'Drivers License',
          CountryCode: 'USA',
          IssuerType: 2,
          IssuerName: 'Illinois',
        },
      },
    },
    Fields: [
      field('First Name', PII.first),
      field('Middle Name', PII.middle),
      field('Surname', PII.last),
      field('Address Line 1', PII.address1),
      field('Address City', PII.city),
      field('Address State', PII.state),
      field('Address Postal Code', PII.zip),
      field('Birth Date', `/Date(${PII.dobMs})/`),
      field('Document Number', PII.documentNumber),
      field('Issuing State Code', PII.state),
      field('Document Class Name', overrides.ClassName ?? 'Drivers License'),
      field('Sex', 'F'),
    ],
    Images: [
      {
        Id: 'img-front',
        Side: 0,
        Light: 0,
        GlareMetric: 98,
        SharpnessMetric: 66,
        HorizontalResolution: 600,
        VerticalResolution: 600,
        IsCropped: true,
        IsTampered: false,
        MimeType: 'image/jpeg',
        Uri: 'https://services.assureid.net/AssureIDService/Document/x/Image?side=Front&light=White',
      },
      {
        Id: 'img-front-ir',
        Side: 0,
        Light: 1,
        GlareMetric: 10,
        SharpnessMetric: 10,
        HorizontalResolution: 100,
        VerticalResolution: 100,
      },
      {
        Id: 'img-back',
        Side: 1,
        Light: 0,
        GlareMetric: 95,
        SharpnessMetric: 61,
        HorizontalResolution: 600,
        VerticalResolution: 600,
        IsCropped: true,
        IsTampered: false,
        MimeType: 'image/jpeg',
      },
    ],
    Regions: [
      {
        Id: 'r-1',
        Key: 'Photo',
        ImageReference: 'img-front',
        Rectangle: { X: 10, Y: 20, Width: 200, Height: 250 },
      },
    ],
    Subscription: { Id: 'sub-1', Name: 'Test' },
  };
}

/** A result with failed alerts on the front and the card as a whole. */
export const failedResult = () =>
  assureIdResult({
    Result: 2,
    Alerts: [
      {
        Id: 'a-1',
        Key: 'Visible Photo Characteristics',
        Result: 2,
        RegionReferences: ['r-1'],
        Disposition: 'Photo printing is suspect',
      },
      { Id: 'a-2', Key: 'Document Expired', Result: 1, RegionReferences: [] },
    ],
  });
