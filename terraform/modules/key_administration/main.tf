# The statement every customer-managed key's policy starts with: without it, a key policy that names only services
# and roles could lock the account out of its own key for good.
data "aws_iam_policy_document" "this" {
  statement {
    sid = "AccountUsesAndAdministersKey"
    # Explicit instead of kms:*: the account keeps every action needed to use, administer and repair the key
    # (PutKeyPolicy included), and IAM policies then decide who in the account may do what.
    actions = [
      "kms:CancelKeyDeletion", "kms:CreateAlias", "kms:CreateGrant", "kms:Decrypt", "kms:DeleteAlias",
      "kms:DescribeKey", "kms:DisableKey", "kms:DisableKeyRotation", "kms:EnableKey", "kms:EnableKeyRotation",
      "kms:Encrypt", "kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext", "kms:GetKeyPolicy",
      "kms:GetKeyRotationStatus", "kms:ListGrants", "kms:ListKeyPolicies",
      "kms:ListResourceTags", "kms:PutKeyPolicy", "kms:ReEncryptFrom", "kms:ReEncryptTo", "kms:RetireGrant",
      "kms:RevokeGrant", "kms:RotateKeyOnDemand", "kms:ScheduleKeyDeletion", "kms:TagResource",
      "kms:UntagResource", "kms:UpdateAlias", "kms:UpdateKeyDescription",
    ]
    # In a key policy "*" means this key; AWS accepts nothing narrower.
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::${var.account_id}:root"]
    }
  }
}
