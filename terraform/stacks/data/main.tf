data "aws_caller_identity" "current" {}
data "aws_region" "current" {}

locals {
  # The proofing job types, each with its callback token and signing key: libs/contracts JOB_TYPES, which
  # terraform/tests compare with this list.
  job_types = ["address", "resolution", "document"]

  # Built from names, not module outputs: the data key's policy names the bucket, and the bucket is
  # encrypted with the data key.
  documents_bucket_name = "${var.environment}-proofing-documents"
  documents_bucket_arn  = "arn:aws:s3:::${local.documents_bucket_name}"

  # One JSON configuration secret per real vendor, its fields in libs/vendors/README.md. LexisNexis
  # PhoneFinder and InstantVerify share one: the same account, credentials and fields, a workflow each.
  vendor_secret_descriptions = {
    lexisnexis = "LexisNexis RDP configuration (JSON, libs/vendors/README.md): PhoneFinder for proof-address, InstantVerify for proof-resolution."
    aamva      = "AAMVA DLDV configuration (JSON, libs/vendors/README.md): URLs, certificate and private key; read by proof-resolution."
    acuant     = "Acuant AssureID, face match and PassLive configuration (JSON, libs/vendors/README.md); read by proof-document."
  }
  vendor_secret_names = { for vendor in var.proofing_vendor_secrets : vendor => "${var.environment}/proofing/vendors/${vendor}" }
}

# The account's own statement, which every key's policy below starts with.
module "key_administration" {
  source = "../../modules/key_administration"

  account_id = data.aws_caller_identity.current.account_id
}

data "aws_iam_policy_document" "parameters_key" {
  source_policy_documents = [module.key_administration.json]

  dynamic "statement" {
    for_each = length(var.idp_principal_arns) == 0 ? [] : [1]
    content {
      sid     = "IdpReadsHandoffSecrets"
      actions = ["kms:Decrypt", "kms:DescribeKey"]
      # In a key policy "*" means this key; AWS accepts nothing narrower.
      resources = ["*"]

      principals {
        type        = "AWS"
        identifiers = var.idp_principal_arns
      }

      condition {
        test     = "StringEquals"
        variable = "kms:ViaService"
        values   = ["secretsmanager.${data.aws_region.current.region}.amazonaws.com"]
      }
    }
  }
}

# Encrypts secrets: the SSM parameters and their hand-off secrets.
resource "aws_kms_key" "parameters" {
  description             = "${var.environment}: SSM parameters and Secrets Manager secrets"
  enable_key_rotation     = true
  deletion_window_in_days = 30
  policy                  = data.aws_iam_policy_document.parameters_key.json

  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_kms_alias" "parameters" {
  name          = "alias/${var.environment}/parameters"
  target_key_id = aws_kms_key.parameters.key_id
}

data "aws_iam_policy_document" "data_key" {
  source_policy_documents = [module.key_administration.json]

  statement {
    sid     = "CloudWatchAlarmsPublishToEncryptedTopic"
    actions = ["kms:Decrypt", "kms:GenerateDataKey"]
    # In a key policy "*" means this key; AWS accepts nothing narrower.
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["cloudwatch.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }

  # CloudFront reads the accounts pages from their bucket (origin access control, accounts.tf): S3 decrypts them
  # for this account's distributions, for that bucket only.
  statement {
    sid     = "CloudFrontReadsAccountsPages"
    actions = ["kms:Decrypt"]
    # In a key policy "*" means this key; AWS accepts nothing narrower.
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["cloudfront.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }

    condition {
      test     = "StringEquals"
      variable = "kms:EncryptionContext:aws:s3:arn"
      values   = ["arn:aws:s3:::${local.accounts_pages_bucket_name}"]
    }
  }

  # The IDP signs the browser's pre-signed PUT URLs, so S3 encrypts each image with the IDP's own
  # credentials: it needs a data key, for this bucket only. In the key policy, so it also holds when
  # the IDP runs in another account (which then also grants it in its own IAM policy).
  dynamic "statement" {
    for_each = length(var.idp_principal_arns) == 0 ? [] : [1]
    content {
      sid     = "IdpEncryptsUploadedDocumentImages"
      actions = ["kms:GenerateDataKey"]
      # In a key policy "*" means this key; AWS accepts nothing narrower.
      resources = ["*"]

      principals {
        type        = "AWS"
        identifiers = var.idp_principal_arns
      }

      condition {
        test     = "StringEquals"
        variable = "kms:ViaService"
        values   = ["s3.${data.aws_region.current.region}.amazonaws.com"]
      }

      condition {
        test     = "StringEquals"
        variable = "kms:EncryptionContext:aws:s3:arn"
        values   = [local.documents_bucket_arn]
      }
    }
  }
}

# Encrypts data at rest: tables, buckets, queues, the alarm topic and the vendor secrets. Not the
# parameters key for those secrets: its policy lets the IDP decrypt through Secrets Manager (hand-off
# secrets), and vendor credentials are this project's alone.
resource "aws_kms_key" "data" {
  description             = "${var.environment}: tables, buckets, queues, vendor secrets"
  enable_key_rotation     = true
  deletion_window_in_days = 30
  policy                  = data.aws_iam_policy_document.data_key.json

  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_kms_alias" "data" {
  name          = "alias/${var.environment}/data"
  target_key_id = aws_kms_key.data.key_id
}

# The IDP holds the same tokens and signing keys; it authenticates each proofing callback with them. A signing
# key never travels with a callback (the token does), so whoever saw a callback still cannot sign another.
module "proofing_parameters" {
  source = "../../modules/parameters"

  parameters = merge(
    {
      for kind in local.job_types :
      "/${var.environment}/idp/doc-capture/${kind}_proof_result_token" => "Token the ${kind} proofing job sends to the IDP as X-API-AUTH-TOKEN."
    },
    {
      for kind in local.job_types :
      "/${var.environment}/idp/doc-capture/${kind}_proof_result_signing_key" => "Key the ${kind} proofing job signs its callbacks with (X-Signature); never sent. The IDP verifies with it."
    },
  )
  kms_key_arn = aws_kms_key.parameters.arn
  shared_with = var.idp_principal_arns
}

# Derives the key that seals the proofing jobs' stored outcomes (any high-entropy string: the jobs run it
# through HKDF). Only this project holds it, so it rotates in one step (docs/runbooks/rotate-secrets.md).
module "proofing_outcome_key" {
  source = "../../modules/parameters"

  parameters = {
    "/${var.environment}/proofing/result_encryption_key" = "Secret the proofing jobs derive the outcome encryption key from (HKDF); read by proof-address, proof-resolution, proof-document."
  }
  kms_key_arn = aws_kms_key.parameters.arn
}

# Credentials and endpoints of the real proofing vendors, created with a placeholder; the real value is
# put by hand before a step switches from the mock (docs/runbooks/proofing-launch.md), and no apply
# changes it afterwards. Each job may read only the secret of the vendor it uses.
module "proofing_vendor_secrets" {
  source = "../../modules/secrets"

  secrets = {
    for vendor, name in local.vendor_secret_names : name => local.vendor_secret_descriptions[vendor]
  }
  kms_key_arn = aws_kms_key.data.arn
}

# The first outcome of each proofing job (Powertools idempotency records, sealed with the outcome key):
# a retried or duplicated invocation reuses it instead of calling a vendor again.
module "proofing_outcomes" {
  source = "../../modules/table"

  name          = "${var.environment}-proofing-outcomes"
  hash_key      = "id"
  attributes    = { id = "S" }
  ttl_attribute = "expiration"
  kms_key_arn   = aws_kms_key.data.arn
  # Records expire after an hour; a day of continuous backups is all a restore could ever use.
  point_in_time_recovery_days = 1
  deletion_protection         = var.environment != "sandbox"
}

# Encrypted document images: the browser PUTs them through URLs the IDP pre-signs, proof-document reads
# and deletes them. Nothing is kept: no versions, and anything left behind expires after a day.
module "proofing_documents" {
  source = "../../modules/bucket"

  name                               = local.documents_bucket_name
  kms_key_arn                        = aws_kms_key.data.arn
  versioning                         = false
  noncurrent_version_expiration_days = 1
  expiration_rules = {
    "expire-document-images" = { prefix = "", days = 1 }
  }
  cors_rules = [{
    allowed_methods = ["PUT"]
    allowed_origins = var.document_upload_origins
    allowed_headers = ["content-type"]
    max_age_seconds = 3000
  }]
  # The IDP may only add images (pre-signed PUTs); it can neither read nor list nor delete them.
  policy_statements = length(var.idp_principal_arns) == 0 ? [] : [{
    sid                   = "IdpUploadsDocumentImages"
    actions               = ["s3:PutObject"]
    principal_type        = "AWS"
    principal_identifiers = var.idp_principal_arns
    resource_paths        = ["*"]
  }]
}

# The messages service's own key: its tables, the content keyring secret, the outbox and its DLQ. A key of its
# own so that who may read messages (and sealed content's keyring) is decided by one key policy.
resource "aws_kms_key" "messages" {
  description             = "${var.environment}: messages tables, content keyring, outbox queue"
  enable_key_rotation     = true
  deletion_window_in_days = 30
  policy                  = module.key_administration.json

  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_kms_alias" "messages" {
  name          = "alias/${var.environment}/messages"
  target_key_id = aws_kms_key.messages.key_id
}

# Every message, by recipient (msg_id) and a sortable, collision-free time (ts: ISO 8601 and the UUIDv7).
module "messages_table" {
  source = "../../modules/table"

  name                = "${var.environment}-messages"
  hash_key            = "msg_id"
  range_key           = "ts"
  attributes          = { msg_id = "S", ts = "S" }
  kms_key_arn         = aws_kms_key.messages.arn
  deletion_protection = var.environment != "sandbox"
}

# Rate-limit windows and Idempotency-Key records: short-lived, expired by the TTL (readers check expiry too).
module "messages_requests_table" {
  source = "../../modules/table"

  name          = "${var.environment}-messages-requests"
  hash_key      = "id"
  attributes    = { id = "S" }
  ttl_attribute = "expires_at"
  kms_key_arn   = aws_kms_key.messages.arn
  # Records live a day at most; a day of continuous backups is all a restore could use.
  point_in_time_recovery_days = 1
  deletion_protection         = var.environment != "sandbox"
}

# API keys, stored by the SHA-256 of the key (tools/messages-keys creates, lists and revokes them).
module "messages_api_keys_table" {
  source = "../../modules/table"

  name                = "${var.environment}-messages-api-keys"
  hash_key            = "key_hash"
  attributes          = { key_hash = "S" }
  kms_key_arn         = aws_kms_key.messages.arn
  deletion_protection = var.environment != "sandbox"
}

# The keyring store_secure content is sealed with (libs/messages parseMessageKeyrings): put its first value with
# tools/secrets put-json before the first message (docs/runbooks/messages-keys.md); rotation adds a key.
module "messages_secrets" {
  source = "../../modules/secrets"

  secrets = {
    "${var.environment}/messages/content-keyring" = "Keyring of the messages service (JSON { current, keys }): seals store_secure content; read by messages-api and send-message."
  }
  kms_key_arn = aws_kms_key.messages.arn
}

# The domain mail is sent from (SES, with Easy DKIM: publish the tokens of the dkim_tokens output in DNS).
resource "aws_sesv2_email_identity" "messages" {
  email_identity = var.messages.mail_domain

  dkim_signing_attributes {
    next_signing_key_length = "RSA_2048_BIT"
  }
}

# The account's SMS settings for the messages service: transactional by default, and a monthly spend cap.
resource "aws_sns_sms_preferences" "messages" {
  default_sms_type    = "Transactional"
  monthly_spend_limit = var.messages.sms_monthly_spend_limit
  default_sender_id   = var.messages.sms_sender_id
}

# Licensing (docs/licensing.md): providers, their licenses and each license's history, one partition per
# provider. Keys never hold an SSN: the provider id comes from the SSN's keyed blind index. The two indexes
# serve the read API: a compact's providers by name, a jurisdiction's licenses by the time they changed.
module "licensing_providers" {
  source = "../../modules/table"

  name      = "${var.environment}-licensing-providers"
  hash_key  = "pk"
  range_key = "sk"
  attributes = {
    pk                  = "S"
    sk                  = "S"
    compact             = "S"
    sortName            = "S"
    compactJurisdiction = "S"
    dateOfUpdate        = "S"
  }
  global_secondary_indexes = {
    "providers-by-name"  = { hash_key = "compact", range_key = "sortName" }
    "licenses-by-update" = { hash_key = "compactJurisdiction", range_key = "dateOfUpdate" }
  }
  kms_key_arn         = aws_kms_key.data.arn
  deletion_protection = var.environment != "sandbox"
}

# Upload records (status, counts) and their row errors, which boards read back.
module "licensing_uploads" {
  source = "../../modules/table"

  name                = "${var.environment}-licensing-uploads"
  hash_key            = "uploadId"
  range_key           = "sk"
  attributes          = { uploadId = "S", sk = "S" }
  kms_key_arn         = aws_kms_key.data.arn
  deletion_protection = var.environment != "sandbox"
}

# Boards' CSV files, POSTed through URLs license-uploads pre-signs ({compact}/{jurisdiction}/{uuid}). The
# data of record is the tables: a file is kept 30 days to answer questions about an upload, then expires.
# The object-created notification to the ingest queue is wired by the compute layer
# (terraform/services/licensing, modules/bucket_notifications), which owns the queue.
module "licensing_upload_bucket" {
  source = "../../modules/bucket"

  name                               = "${var.environment}-licensing-uploads"
  kms_key_arn                        = aws_kms_key.data.arn
  versioning                         = false
  noncurrent_version_expiration_days = 1
  expiration_rules = {
    "expire-license-files" = { prefix = "", days = 30 }
  }
}

# Derives the licensing keys (HKDF): the SSN sealing key, the SSN blind index key and the upload cursor key.
# Any 32 bytes as 64 hex characters; generated once, never rotated by an apply.
module "licensing_data_key" {
  source = "../../modules/parameters"

  parameters = {
    "/${var.environment}/licensing/data_key" = "32 bytes (hex) the licensing functions derive the SSN sealing, SSN index and cursor keys from; read by license-uploads and ingest-licenses."
  }
  kms_key_arn = aws_kms_key.parameters.arn
}
