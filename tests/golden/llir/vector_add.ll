; ModuleID = "vector_add"
target triple = "x86_64-unknown-linux-gnu"
target datalayout = ""

define i32 @"vector_add_grid"(ptr %"args", ptr %"grid", i64 %"start", i64 %"end", ptr %"ranges", i64 %"nranges") nounwind
{
entry:
  %".8" = getelementptr ptr, ptr %"args", i64 0
  %".9" = load ptr, ptr %".8"
  %"X" = load ptr, ptr %".9"
  %".10" = getelementptr ptr, ptr %"args", i64 1
  %".11" = load ptr, ptr %".10"
  %"Y" = load ptr, ptr %".11"
  %".12" = getelementptr ptr, ptr %"args", i64 2
  %".13" = load ptr, ptr %".12"
  %"Z" = load ptr, ptr %".13"
  %".14" = getelementptr ptr, ptr %"args", i64 3
  %".15" = load ptr, ptr %".14"
  %"n" = load i32, ptr %".15"
  %".16" = getelementptr i64, ptr %"grid", i64 0
  %".17" = load i64, ptr %".16"
  %".18" = getelementptr i64, ptr %"grid", i64 1
  %".19" = load i64, ptr %".18"
  %".20" = getelementptr i64, ptr %"grid", i64 2
  %".21" = load i64, ptr %".20"
  %".22" = trunc i64 %".17" to i32
  %".23" = trunc i64 %".19" to i32
  %".24" = trunc i64 %".21" to i32
  br label %"grid.header"
grid.header:
  %"pid" = phi  i64 [%"start", %"entry"], [%".55", %"grid.body"]
  %".26" = icmp slt i64 %"pid", %"end"
  br i1 %".26", label %"grid.body", label %"grid.exit"
grid.body:
  %".28" = srem i64 %"pid", %".17"
  %".29" = sdiv i64 %"pid", %".17"
  %".30" = srem i64 %".29", %".19"
  %".31" = sdiv i64 %".29", %".19"
  %"pid0" = trunc i64 %".28" to i32
  %"pid1" = trunc i64 %".30" to i32
  %"pid2" = trunc i64 %".31" to i32
  %".32" = mul i32 %"pid0", 16
  %".33" = insertelement <1 x i32> <i32 undef>, i32 %".32", i32 0
  %".34" = shufflevector <1 x i32> %".33", <1 x i32> <i32 undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".35" = add <16 x i32> %".34", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".36" = insertelement <1 x i32> <i32 undef>, i32 %"n", i32 0
  %".37" = shufflevector <1 x i32> %".36", <1 x i32> <i32 undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".38" = icmp slt <16 x i32> %".35", %".37"
  %".39" = insertelement <1 x ptr> <ptr undef>, ptr %"Z", i32 0
  %".40" = shufflevector <1 x ptr> %".39", <1 x ptr> <ptr undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".41" = insertelement <1 x ptr> <ptr undef>, ptr %"X", i32 0
  %".42" = shufflevector <1 x ptr> %".41", <1 x ptr> <ptr undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".43" = insertelement <1 x ptr> <ptr undef>, ptr %"Y", i32 0
  %".44" = shufflevector <1 x ptr> %".43", <1 x ptr> <ptr undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".45" = extractelement <16 x i32> %".35", i32 0
  %".46" = getelementptr float, ptr %"X", i32 %".45"
  %".47" = call <16 x float> @"llvm.masked.load.v16f32.p0"(ptr %".46", i32 4, <16 x i1> %".38", <16 x float> <float 0.0, float 0.0, float 0.0, float 0.0, float 0.0, float 0.0, float 0.0, float 0.0, float 0.0, float 0.0, float 0.0, float 0.0, float 0.0, float 0.0, float 0.0, float 0.0>)
  %".48" = extractelement <16 x i32> %".35", i32 0
  %".49" = getelementptr float, ptr %"Y", i32 %".48"
  %".50" = call <16 x float> @"llvm.masked.load.v16f32.p0"(ptr %".49", i32 4, <16 x i1> %".38", <16 x float> <float 0.0, float 0.0, float 0.0, float 0.0, float 0.0, float 0.0, float 0.0, float 0.0, float 0.0, float 0.0, float 0.0, float 0.0, float 0.0, float 0.0, float 0.0, float 0.0>)
  %".51" = fadd <16 x float> %".47", %".50"
  %".52" = extractelement <16 x i32> %".35", i32 0
  %".53" = getelementptr float, ptr %"Z", i32 %".52"
  call void @"llvm.masked.store.v16f32.p0"(<16 x float> %".51", ptr %".53", i32 4, <16 x i1> %".38")
  %".55" = add i64 %"pid", 1
  br label %"grid.header"
grid.exit:
  ret i32 0
}

declare <16 x float> @"llvm.masked.load.v16f32.p0"(ptr %".1", i32 %".2", <16 x i1> %".3", <16 x float> %".4")

declare void @"llvm.masked.store.v16f32.p0"(<16 x float> %".1", ptr %".2", i32 %".3", <16 x i1> %".4")
