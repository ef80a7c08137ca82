# A Cognito identity pool of developer-authenticated identities: the accounts service's login asks it for an
# identity and an OpenID token per user (GetOpenIdTokenForDeveloperIdentity). No unauthenticated identities and
# no classic flow.
resource "aws_cognito_identity_pool" "this" {
  identity_pool_name               = var.name
  allow_unauthenticated_identities = false
  allow_classic_flow               = false
  developer_provider_name          = var.developer_provider_name

  lifecycle {
    # Deleting the pool loses every identity id handed out.
    prevent_destroy = true
  }

  tags = var.tags
}

# The role a federated user's credentials carry (GetCredentialsForIdentity): assumable only through this pool,
# for authenticated identities, with the permissions the caller grants (none by default).
data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]

    principals {
      type        = "Federated"
      identifiers = ["cognito-identity.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "cognito-identity.amazonaws.com:aud"
      values   = [aws_cognito_identity_pool.this.id]
    }

    condition {
      test     = "ForAnyValue:StringLike"
      variable = "cognito-identity.amazonaws.com:amr"
      values   = ["authenticated"]
    }
  }
}

resource "aws_iam_role" "authenticated" {
  name               = "${var.name}-authenticated"
  assume_role_policy = data.aws_iam_policy_document.trust.json
  tags               = var.tags
}

data "aws_iam_policy_document" "authenticated" {
  count = length(var.authenticated_policy_statements) == 0 ? 0 : 1

  dynamic "statement" {
    for_each = var.authenticated_policy_statements
    content {
      sid       = statement.value.sid
      actions   = statement.value.actions
      resources = statement.value.resources
    }
  }
}

resource "aws_iam_role_policy" "authenticated" {
  count = length(var.authenticated_policy_statements) == 0 ? 0 : 1

  name   = "federated-users"
  role   = aws_iam_role.authenticated.id
  policy = data.aws_iam_policy_document.authenticated[0].json
}

resource "aws_cognito_identity_pool_roles_attachment" "this" {
  identity_pool_id = aws_cognito_identity_pool.this.id
  roles = {
    authenticated = aws_iam_role.authenticated.arn
  }
}
