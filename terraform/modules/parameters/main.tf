data "aws_iam_policy_document" "handoff" {
  for_each = length(var.shared_with) == 0 ? {} : var.parameters

  statement {
    sid     = "SharedHolderReadsHandoff"
    actions = ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"]
    # In a secret's own resource policy "*" means this secret only; AWS accepts nothing narrower.
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = var.shared_with
    }
  }
}

resource "aws_ssm_parameter" "this" {
  for_each = var.parameters

  name        = each.key
  description = each.value
  type        = "SecureString"
  tier        = "Standard"
  key_id      = var.kms_key_arn
  # Never a usable secret, and never in state or a plan file: write-only, so Terraform puts the
  # placeholder once at creation and stores nothing. tools/secrets writes the real value. A change of
  # value_wo_version would put the placeholder back over it (also on a parameter created before it was
  # write-only, whose state has no version yet), so that change is ignored.
  value_wo         = var.placeholder
  value_wo_version = 1
  tags             = var.tags

  lifecycle {
    ignore_changes  = [value_wo_version]
    prevent_destroy = true
  }
}

# A secret shared with another system (the IDP holds the callback tokens too) needs a place to hand a
# new value over without printing it: tools/secrets stages it here as AWSPENDING, the other side
# reads it from here, and only then does the parameter change (docs/runbooks/rotate-secrets.md).
resource "aws_secretsmanager_secret" "handoff" {
  for_each = length(var.shared_with) == 0 ? {} : var.parameters

  name                    = "${trimprefix(each.key, "/")}/handoff"
  description             = "Hand-over of new values of SSM parameter ${each.key}."
  kms_key_id              = var.kms_key_arn
  recovery_window_in_days = 30
  tags                    = var.tags

  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_secretsmanager_secret_policy" "handoff" {
  for_each = aws_secretsmanager_secret.handoff

  secret_arn = each.value.arn
  policy     = data.aws_iam_policy_document.handoff[each.key].json
}

# Feature flags are not secrets: plain String parameters holding "true" or "false" (libs/vendors reads them), the
# declared default written at creation. Operators flip a flag with put-parameter; no apply writes it back.
resource "aws_ssm_parameter" "flag" {
  for_each = var.flags

  name        = each.key
  description = each.value.description
  type        = "String"
  tier        = "Standard"
  value       = tostring(each.value.default)
  tags        = var.tags

  lifecycle {
    ignore_changes  = [value]
    prevent_destroy = true
  }
}
