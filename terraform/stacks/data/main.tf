data "aws_caller_identity" "current" {}
data "aws_region" "current" {}

locals {
  account_root = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root"

  # Explicit instead of kms:*: the account keeps every action needed to use, administer and repair
  # the key (PutKeyPolicy included), and IAM policies then decide who in the account may do what.
  key_account_actions = [
    "kms:CancelKeyDeletion", "kms:CreateAlias", "kms:CreateGrant", "kms:Decrypt", "kms:DeleteAlias",
    "kms:DescribeKey", "kms:DisableKey", "kms:DisableKeyRotation", "kms:EnableKey", "kms:EnableKeyRotation",
    "kms:Encrypt", "kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext", "kms:GetKeyPolicy",
    "kms:GetKeyRotationStatus", "kms:ListGrants", "kms:ListKeyPolicies",
    "kms:ListResourceTags", "kms:PutKeyPolicy", "kms:ReEncryptFrom", "kms:ReEncryptTo", "kms:RetireGrant",
    "kms:RevokeGrant", "kms:RotateKeyOnDemand", "kms:ScheduleKeyDeletion", "kms:TagResource",
    "kms:UntagResource", "kms:UpdateAlias", "kms:UpdateKeyDescription",
  ]

  callback_token_kinds = ["address", "resolution", "document"]
}

data "aws_iam_policy_document" "parameters_key" {
  statement {
    sid     = "AccountUsesAndAdministersKey"
    actions = local.key_account_actions
    # In a key policy "*" means this key; AWS accepts nothing narrower.
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = [local.account_root]
    }
  }

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
  statement {
    sid     = "AccountUsesAndAdministersKey"
    actions = local.key_account_actions
    # In a key policy "*" means this key; AWS accepts nothing narrower.
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = [local.account_root]
    }
  }

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
}

# Encrypts data at rest: tables, buckets, queues and the alarm topic.
resource "aws_kms_key" "data" {
  description             = "${var.environment}: tables, buckets, queues"
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

# The IDP holds the same tokens; it authenticates each proofing callback with them.
module "proofing_parameters" {
  source = "../../modules/parameters"

  parameters = {
    for kind in local.callback_token_kinds :
    "/${var.environment}/idp/doc-capture/${kind}_proof_result_token" => "Token the ${kind} proofing job sends to the IDP as X-API-AUTH-TOKEN."
  }
  kms_key_arn = aws_kms_key.parameters.arn
  shared_with = var.idp_principal_arns
}
