terraform {
  backend "s3" {
    bucket       = "idp-backend-tfstate-111111111111"
    key          = "environments/sandbox/data.tfstate"
    region       = "us-west-2"
    encrypt      = true
    use_lockfile = true
  }
}
