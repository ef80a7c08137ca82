terraform {
  backend "s3" {
    bucket       = "idp-backend-tfstate-444444444444"
    key          = "environments/prod/compute.tfstate"
    region       = "us-west-2"
    encrypt      = true
    use_lockfile = true
  }
}
