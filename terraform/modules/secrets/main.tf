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

# Never a usable value: the real one is put with tools/secrets put-json (docs/runbooks), which moves AWSCURRENT to a new
# version. ignore_changes keeps an apply from moving it back or rewriting this one, and the extra label
# keeps this version from becoming unlabelled: Secrets Manager deletes unlabelled versions, and
# Terraform would then re-create this one, placeholder and AWSCURRENT included, over the real value.
resource "aws_secretsmanager_secret_version" "placeholder" {
  for_each = aws_secretsmanager_secret.this

  secret_id      = each.value.id
  secret_string  = var.placeholder
  version_stages = ["AWSCURRENT", var.placeholder_stage]

  lifecycle {
    ignore_changes  = [secret_string, version_stages]
    prevent_destroy = true
  }
}
