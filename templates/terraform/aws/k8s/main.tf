# An EKS cluster with one managed node group, in a VPC of its own.
# Credentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (/ AWS_SESSION_TOKEN) in the runner's
# environment, never from this file.

terraform {
  required_version = ">= 1.5"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.33.0, <= 5.100.0"
    }
  }
}

data "aws_partition" "current" {}

data "aws_ec2_instance_type" "node" {
  instance_type = var.machine_type
}

# Available zones that need no opt-in, where EKS can run and the node type is offered.
data "aws_availability_zones" "available" {
  state = "available"
  # EKS cannot place a control plane in these zones (EKS user guide, cluster VPC requirements).
  exclude_zone_ids = ["use1-az3", "usw1-az2", "cac1-az3"]

  filter {
    name   = "opt-in-status"
    values = ["opt-in-not-required"]
  }
}

data "aws_ec2_instance_type_offerings" "node" {
  location_type = "availability-zone"

  filter {
    name   = "instance-type"
    values = [var.machine_type]
  }
}

locals {
  # EKS needs subnets in two zones; sorted, so that the choice is the same on every plan.
  zones         = slice(sort(setintersection(data.aws_availability_zones.available.names, data.aws_ec2_instance_type_offerings.node.locations)), 0, 2)
  node_ami_type = contains(data.aws_ec2_instance_type.node.supported_architectures, "arm64") ? "AL2023_ARM_64_STANDARD" : "AL2023_x86_64_STANDARD"
  policy_prefix = "arn:${data.aws_partition.current.partition}:iam::aws:policy"
}

# A VPC of its own (accounts without a default VPC are common): two public subnets behind an internet
# gateway. Nodes get public IPs to reach the API server and ECR; no NAT gateway to pay for.
resource "aws_vpc" "this" {
  cidr_block           = "10.0.0.0/16"
  enable_dns_support   = true
  enable_dns_hostnames = true

  tags = {
    Name = "${var.name}-eks"
  }
}

resource "aws_internet_gateway" "this" {
  vpc_id = aws_vpc.this.id

  tags = {
    Name = "${var.name}-eks"
  }
}

resource "aws_subnet" "public" {
  count = 2

  vpc_id                  = aws_vpc.this.id
  cidr_block              = cidrsubnet(aws_vpc.this.cidr_block, 4, count.index)
  availability_zone       = local.zones[count.index]
  map_public_ip_on_launch = true

  tags = {
    Name                     = "${var.name}-eks-public-${count.index}"
    "kubernetes.io/role/elb" = "1"
  }

  lifecycle {
    # Chosen at the first deploy; a later change in the zone list must not replace the subnets and the cluster.
    ignore_changes = [availability_zone]
  }
}

resource "aws_route_table" "public" {
  vpc_id = aws_vpc.this.id

  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.this.id
  }

  tags = {
    Name = "${var.name}-eks-public"
  }
}

resource "aws_route_table_association" "public" {
  count = 2

  subnet_id      = aws_subnet.public[count.index].id
  route_table_id = aws_route_table.public.id
}

# IAM names are global to the account, hence the region in them.
resource "aws_iam_role" "cluster" {
  name = "${var.name}-eks-cluster-${var.region}"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "eks.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy_attachment" "cluster" {
  role       = aws_iam_role.cluster.name
  policy_arn = "${local.policy_prefix}/AmazonEKSClusterPolicy"
}

resource "aws_iam_role" "node" {
  name = "${var.name}-eks-nodes-${var.region}"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ec2.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy_attachment" "node" {
  for_each = toset(["AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy", "AmazonEC2ContainerRegistryReadOnly"])

  role       = aws_iam_role.node.name
  policy_arn = "${local.policy_prefix}/${each.value}"
}

resource "aws_eks_cluster" "this" {
  name     = var.name
  role_arn = aws_iam_role.cluster.arn

  vpc_config {
    subnet_ids              = aws_subnet.public[*].id
    endpoint_private_access = true
    endpoint_public_access  = true
  }

  # Access entries instead of the aws-auth ConfigMap; whoever runs Terraform gets cluster admin.
  access_config {
    authentication_mode                         = "API"
    bootstrap_cluster_creator_admin_permissions = true
  }

  depends_on = [aws_iam_role_policy_attachment.cluster]
}

resource "aws_eks_node_group" "this" {
  cluster_name    = aws_eks_cluster.this.name
  node_group_name = "${var.name}-nodes"
  node_role_arn   = aws_iam_role.node.arn
  subnet_ids      = aws_subnet.public[*].id
  instance_types  = [var.machine_type]
  ami_type        = local.node_ami_type
  capacity_type   = "ON_DEMAND"
  disk_size       = 20

  # A fixed size: the quoted monthly cost is for exactly node_count nodes.
  scaling_config {
    desired_size = var.node_count
    min_size     = var.node_count
    max_size     = var.node_count
  }

  update_config {
    max_unavailable = 1
  }

  # Nodes need the route out to join the cluster.
  depends_on = [aws_iam_role_policy_attachment.node, aws_route_table_association.public]
}
