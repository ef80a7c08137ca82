resource "aws_secretsmanager_secret" "this" {
  for_each = var.secrets

  name                    = each.key
  description             = each.value
  kms_key_id              = var.kms_key_arn
  recovery_window_in_days = var.recovery_window_in_days
  tags                    = var.tags

  lifecycle {
    prevent_destroy = true
  }
}

# Never a usable value: the real one is put with tools/secrets put-json (docs/runbooks), which moves
# AWSCURRENT to a new version. Write-only, so no value is in state or a plan file; ignoring its
# version means no apply writes it again (nor on a version created before it was write-only).
# ignore_changes also keeps an apply from moving AWSCURRENT back,
# and the extra label keeps this version from becoming unlabelled: Secrets Manager deletes unlabelled
# versions, and Terraform would then re-create this one, placeholder and AWSCURRENT included, over
# the real value.
resource "aws_secretsmanager_secret_version" "placeholder" {
  for_each = aws_secretsmanager_secret.this

  secret_id                = each.value.id
  secret_string_wo         = var.placeholder
  secret_string_wo_version = 1
  version_stages           = ["AWSCURRENT", var.placeholder_stage]

  lifecycle {
    ignore_changes  = [secret_string_wo_version, version_stages]
    prevent_destroy = true
  }
}
