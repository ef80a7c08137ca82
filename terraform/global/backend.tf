# One state per account. The bucket is the one this root module creates, so the first apply in an
# account runs on local state and then migrates (docs/runbooks/first-deploy-sandbox.md):
#   terraform init -backend-config=accounts/<account>.s3.tfbackend
terraform {
  backend "s3" {
    key          = "global/terraform.tfstate"
    encrypt      = true
    use_lockfile = true
  }
}
