terraform {
  backend "s3" {
    bucket       = "idp-backend-tfstate-333333333333"
    key          = "environments/beta/data.tfstate"
    region       = "us-west-2"
    encrypt      = true
    use_lockfile = true
  }
}
