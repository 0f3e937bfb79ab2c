/**
 * Small AWS Price List offer files in the real formats, built by the tests: the CSV with its five metadata
 * lines and the full header of the EC2 file (column names and order as published, 2025-09), and the JSON
 * with products, terms.OnDemand and terms.Reserved. Each synthetic SKU is one product with one price.
 */
export const CSV_HEADER = [
  "SKU", "OfferTermCode", "RateCode", "TermType", "PriceDescription", "EffectiveDate", "StartingRange", "EndingRange", "Unit", "PricePerUnit", "Currency", "RelatedTo",
  "LeaseContractLength", "PurchaseOption", "OfferingClass", "Product Family", "serviceCode", "Location", "Location Type", "Instance Type", "Current Generation", "Instance Family",
  "vCPU", "Physical Processor", "Clock Speed", "Memory", "Storage", "Network Performance", "Processor Architecture", "Storage Media", "Volume Type", "Max Volume Size",
  "Max IOPS/volume", "Max IOPS Burst Performance", "Max throughput/volume", "Provisioned", "Tenancy", "EBS Optimized", "Operating System", "License Model", "Group",
  "Group Description", "Transfer Type", "From Location", "From Location Type", "To Location", "To Location Type", "usageType", "operation", "AvailabilityZone", "CapacityStatus",
  "ClassicNetworkingSupport", "Dedicated EBS Throughput", "ECU", "Elastic Graphics Type", "Enhanced Networking Supported", "From Region Code", "GPU", "GPU Memory", "Instance",
  "Instance Capacity - 10xlarge", "Instance Capacity - 12xlarge", "Instance Capacity - 16xlarge", "Instance Capacity - 18xlarge", "Instance Capacity - 24xlarge",
  "Instance Capacity - 2xlarge", "Instance Capacity - 32xlarge", "Instance Capacity - 4xlarge", "Instance Capacity - 8xlarge", "Instance Capacity - 9xlarge",
  "Instance Capacity - large", "Instance Capacity - medium", "Instance Capacity - metal", "Instance Capacity - xlarge", "instanceSKU", "Intel AVX2 Available",
  "Intel AVX Available", "Intel Turbo Available", "MarketOption", "Normalization Size Factor", "Physical Cores", "Pre Installed S/W", "Processor Features", "Product Type",
  "Region Code", "Resource Type", "serviceName", "SnapshotArchiveFeeType", "To Region Code", "Volume API Name", "VPCNetworkingSupport",
];

export type SyntheticSku = {
  sku: string;
  instanceType: string;
  price: string;
  termType?: "OnDemand" | "Reserved";
  gpu?: string;
  vcpu?: string;
  memory?: string;
  productFamily?: string;
  operatingSystem?: string;
  tenancy?: string;
  preInstalledSw?: string;
  capacitystatus?: string;
  marketoption?: string;
  regionCode?: string;
  description?: string;
};

export const PUBLICATION_DATE = "2026-11-20T19:27:36Z";
export const VERSION = "20261120192736";

const defaults = (s: SyntheticSku) => ({
  termType: "OnDemand",
  gpu: "1",
  vcpu: "4",
  memory: "16 GiB",
  productFamily: "Compute Instance",
  operatingSystem: "Linux",
  tenancy: "Shared",
  preInstalledSw: "NA",
  capacitystatus: "Used",
  marketoption: "OnDemand",
  regionCode: "us-east-1",
  description: `$${s.price} per On Demand Linux ${s.instanceType} Instance Hour`,
  ...s,
});

const quote = (value: string) => (value === "" ? "" : `"${value.replace(/"/g, '""')}"`);

export function csvOffer(skus: SyntheticSku[]): string {
  const lines = [
    '"FormatVersion","v1.0"',
    '"Disclaimer","This pricing list is for informational purposes only. All prices are subject to the additional terms included in the pricing pages on http://aws.amazon.com. All Free Tier prices are also subject to the terms included at https://aws.amazon.com/free/"',
    `"Publication Date","${PUBLICATION_DATE}"`,
    `"Version","${VERSION}"`,
    '"OfferCode","AmazonEC2"',
    CSV_HEADER.map(quote).join(","),
  ];
  for (const input of skus) {
    const s = defaults(input);
    const values: Record<string, string> = {
      SKU: s.sku, OfferTermCode: "JRTCKXETXF", RateCode: `${s.sku}.JRTCKXETXF.6YS6EN2CT7`, TermType: s.termType, PriceDescription: s.description, EffectiveDate: "2026-11-01",
      StartingRange: "0", EndingRange: "Inf", Unit: "Hrs", PricePerUnit: s.price, Currency: "USD", "Product Family": s.productFamily, serviceCode: "AmazonEC2",
      Location: "US East (N. Virginia)", "Location Type": "AWS Region", "Instance Type": s.instanceType, "Current Generation": "Yes", "Instance Family": "GPU instance",
      vCPU: s.vcpu, Memory: s.memory, Tenancy: s.tenancy, "Operating System": s.operatingSystem, "License Model": "No License required",
      usageType: `BoxUsage:${s.instanceType}`, operation: "RunInstances", CapacityStatus: s.capacitystatus, GPU: s.gpu, "GPU Memory": "NA", MarketOption: s.marketoption,
      "Pre Installed S/W": s.preInstalledSw, "Region Code": s.regionCode, serviceName: "Amazon Elastic Compute Cloud",
    };
    lines.push(CSV_HEADER.map((column) => quote(values[column] ?? "")).join(","));
  }
  return `${lines.join("\n")}\n`;
}

export function jsonOffer(skus: SyntheticSku[], options: { termsFirst?: boolean } = {}): string {
  const products: Record<string, unknown> = {};
  const onDemand: Record<string, unknown> = {};
  const reserved: Record<string, unknown> = {};
  for (const input of skus) {
    const s = defaults(input);
    products[s.sku] = {
      sku: s.sku,
      productFamily: s.productFamily,
      attributes: {
        servicecode: "AmazonEC2", location: "US East (N. Virginia)", locationType: "AWS Region", instanceType: s.instanceType, currentGeneration: "Yes",
        instanceFamily: "GPU instance", vcpu: s.vcpu, memory: s.memory, gpu: s.gpu, gpuMemory: "NA", tenancy: s.tenancy, operatingSystem: s.operatingSystem,
        licenseModel: "No License required", usagetype: `BoxUsage:${s.instanceType}`, operation: "RunInstances", capacitystatus: s.capacitystatus,
        marketoption: s.marketoption, preInstalledSw: s.preInstalledSw, regionCode: s.regionCode, servicename: "Amazon Elastic Compute Cloud",
      },
    };
    const term = {
      [`${s.sku}.JRTCKXETXF`]: {
        offerTermCode: "JRTCKXETXF", sku: s.sku, effectiveDate: "2026-11-01T00:00:00Z",
        priceDimensions: { [`${s.sku}.JRTCKXETXF.6YS6EN2CT7`]: { rateCode: `${s.sku}.JRTCKXETXF.6YS6EN2CT7`, description: s.description, beginRange: "0", endRange: "Inf", unit: "Hrs", pricePerUnit: { USD: s.price }, appliesTo: [] } },
        termAttributes: {},
      },
    };
    (s.termType === "OnDemand" ? onDemand : reserved)[s.sku] = term;
  }
  const head = { formatVersion: "v1.0", disclaimer: "This pricing list is for informational purposes only.", offerCode: "AmazonEC2", version: VERSION, publicationDate: PUBLICATION_DATE };
  const terms = { OnDemand: onDemand, Reserved: reserved };
  return JSON.stringify(options.termsFirst ? { ...head, terms, products } : { ...head, products, terms }, null, 2);
}

/**
 * The SKUs of the synthetic us-east-1 file: for p5.48xlarge one real on-demand price and every kind of row
 * the filters must drop (Capacity Block, Windows, Dedicated, pre-installed SQL, capacity reservations,
 * Reserved, $0), each cheaper than the real price so a missed filter shows; plus L4, a bare-metal T4, an H200
 * without an on-demand price, another region, a CPU instance, and a description with quotes and a comma.
 */
export const SYNTHETIC_SKUS: SyntheticSku[] = [
  { sku: "P5ONDEMAND000001", instanceType: "p5.48xlarge", price: "55.0400000000", gpu: "8", vcpu: "192", memory: "2048 GiB" },
  { sku: "P5CAPBLOCK000001", instanceType: "p5.48xlarge", price: "31.4640000000", gpu: "8", vcpu: "192", memory: "2048 GiB", marketoption: "CapacityBlock" },
  { sku: "P5CAPBLOCK000002", instanceType: "p5.48xlarge", price: "0.0000000000", gpu: "8", vcpu: "192", memory: "2048 GiB", marketoption: "CapacityBlock" },
  { sku: "P5WINDOWS0000001", instanceType: "p5.48xlarge", price: "50.0000000000", gpu: "8", vcpu: "192", memory: "2048 GiB", operatingSystem: "Windows" },
  { sku: "P5DEDICATED00001", instanceType: "p5.48xlarge", price: "50.5000000000", gpu: "8", vcpu: "192", memory: "2048 GiB", tenancy: "Dedicated" },
  { sku: "P5SQLWEB00000001", instanceType: "p5.48xlarge", price: "51.0000000000", gpu: "8", vcpu: "192", memory: "2048 GiB", preInstalledSw: "SQL Web" },
  { sku: "P5UNUSEDRES00001", instanceType: "p5.48xlarge", price: "52.0000000000", gpu: "8", vcpu: "192", memory: "2048 GiB", capacitystatus: "UnusedCapacityReservation" },
  { sku: "P5ALLOCRES000001", instanceType: "p5.48xlarge", price: "0.0000000000", gpu: "8", vcpu: "192", memory: "2048 GiB", capacitystatus: "AllocatedCapacityReservation" },
  { sku: "P5RESERVED000001", instanceType: "p5.48xlarge", price: "30.0000000000", gpu: "8", vcpu: "192", memory: "2048 GiB", termType: "Reserved" },
  { sku: "P5ZEROPRICE00001", instanceType: "p5.4xlarge", price: "0.0000000000", gpu: "1", vcpu: "16", memory: "256 GiB" },
  { sku: "G6XLARGE00000001", instanceType: "g6.xlarge", price: "0.8048000000", description: 'On Demand "Linux" g6.xlarge, per hour' },
  { sku: "G6XLARGEWEST0001", instanceType: "g6.xlarge", price: "0.7000000000", regionCode: "us-west-2" },
  { sku: "G4DNMETAL0000001", instanceType: "g4dn.metal", price: "7.8240000000", gpu: "8", vcpu: "96", memory: "384 GiB", productFamily: "Compute Instance (bare metal)" },
  { sku: "P5E48XLARGE00001", instanceType: "p5e.48xlarge", price: "0.0000000000", gpu: "8", vcpu: "192", memory: "2048 GiB" },
  { sku: "M7ILARGE00000001", instanceType: "m7i.large", price: "0.1008000000", gpu: "", vcpu: "2", memory: "8 GiB" },
];
