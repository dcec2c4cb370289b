; ModuleID = "small_dot"
target triple = "x86_64-unknown-linux-gnu"
target datalayout = ""

define i32 @"small_dot_grid"(ptr %"args", ptr %"grid", i64 %"start", i64 %"end", ptr %"ranges", i64 %"nranges") nounwind
{
entry:
  %".8" = getelementptr ptr, ptr %"args", i64 0
  %".9" = load ptr, ptr %".8"
  %"C" = load ptr, ptr %".9"
  %".10" = getelementptr ptr, ptr %"args", i64 1
  %".11" = load ptr, ptr %".10"
  %"A" = load ptr, ptr %".11"
  %".12" = getelementptr ptr, ptr %"args", i64 2
  %".13" = load ptr, ptr %".12"
  %"B" = load ptr, ptr %".13"
  %".14" = getelementptr i64, ptr %"grid", i64 0
  %".15" = load i64, ptr %".14"
  %".16" = getelementptr i64, ptr %"grid", i64 1
  %".17" = load i64, ptr %".16"
  %".18" = getelementptr i64, ptr %"grid", i64 2
  %".19" = load i64, ptr %".18"
  %".20" = trunc i64 %".15" to i32
  %".21" = trunc i64 %".17" to i32
  %".22" = trunc i64 %".19" to i32
  %".229" = alloca float, i32 256, align 64
  %".230" = alloca float, i32 256, align 64
  %".295" = alloca float, i32 256, align 64
  br label %"grid.header"
grid.header:
  %"pid" = phi  i64 [%"start", %"entry"], [%".862", %"loop.exit"]
  %".24" = icmp slt i64 %"pid", %"end"
  br i1 %".24", label %"grid.body", label %"grid.exit"
grid.body:
  %".26" = srem i64 %"pid", %".15"
  %".27" = sdiv i64 %"pid", %".15"
  %".28" = srem i64 %".27", %".17"
  %".29" = sdiv i64 %".27", %".17"
  %"pid0" = trunc i64 %".26" to i32
  %"pid1" = trunc i64 %".28" to i32
  %"pid2" = trunc i64 %".29" to i32
  %".30" = mul <16 x i32> <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>, <i32 16, i32 16, i32 16, i32 16, i32 16, i32 16, i32 16, i32 16, i32 16, i32 16, i32 16, i32 16, i32 16, i32 16, i32 16, i32 16>
  %".31" = insertelement <1 x ptr> <ptr undef>, ptr %"A", i32 0
  %".32" = shufflevector <1 x ptr> %".31", <1 x ptr> <ptr undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".33" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".34" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1>
  %".35" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 2, i32 2, i32 2, i32 2, i32 2, i32 2, i32 2, i32 2, i32 2, i32 2, i32 2, i32 2, i32 2, i32 2, i32 2, i32 2>
  %".36" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 3, i32 3, i32 3, i32 3, i32 3, i32 3, i32 3, i32 3, i32 3, i32 3, i32 3, i32 3, i32 3, i32 3, i32 3, i32 3>
  %".37" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4>
  %".38" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 5, i32 5, i32 5, i32 5, i32 5, i32 5, i32 5, i32 5, i32 5, i32 5, i32 5, i32 5, i32 5, i32 5, i32 5, i32 5>
  %".39" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 6, i32 6, i32 6, i32 6, i32 6, i32 6, i32 6, i32 6, i32 6, i32 6, i32 6, i32 6, i32 6, i32 6, i32 6, i32 6>
  %".40" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 7, i32 7, i32 7, i32 7, i32 7, i32 7, i32 7, i32 7, i32 7, i32 7, i32 7, i32 7, i32 7, i32 7, i32 7, i32 7>
  %".41" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8>
  %".42" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 9, i32 9, i32 9, i32 9, i32 9, i32 9, i32 9, i32 9, i32 9, i32 9, i32 9, i32 9, i32 9, i32 9, i32 9, i32 9>
  %".43" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 10, i32 10, i32 10, i32 10, i32 10, i32 10, i32 10, i32 10, i32 10, i32 10, i32 10, i32 10, i32 10, i32 10, i32 10, i32 10>
  %".44" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 11, i32 11, i32 11, i32 11, i32 11, i32 11, i32 11, i32 11, i32 11, i32 11, i32 11, i32 11, i32 11, i32 11, i32 11, i32 11>
  %".45" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12>
  %".46" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 13, i32 13, i32 13, i32 13, i32 13, i32 13, i32 13, i32 13, i32 13, i32 13, i32 13, i32 13, i32 13, i32 13, i32 13, i32 13>
  %".47" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 14, i32 14, i32 14, i32 14, i32 14, i32 14, i32 14, i32 14, i32 14, i32 14, i32 14, i32 14, i32 14, i32 14, i32 14, i32 14>
  %".48" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15>
  %".49" = add <16 x i32> %".33", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".50" = add <16 x i32> %".34", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".51" = add <16 x i32> %".35", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".52" = add <16 x i32> %".36", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".53" = add <16 x i32> %".37", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".54" = add <16 x i32> %".38", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".55" = add <16 x i32> %".39", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".56" = add <16 x i32> %".40", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".57" = add <16 x i32> %".41", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".58" = add <16 x i32> %".42", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".59" = add <16 x i32> %".43", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".60" = add <16 x i32> %".44", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".61" = add <16 x i32> %".45", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".62" = add <16 x i32> %".46", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".63" = add <16 x i32> %".47", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".64" = add <16 x i32> %".48", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".65" = extractelement <16 x i32> %".49", i32 0
  %".66" = getelementptr float, ptr %"A", i32 %".65"
  %".67" = extractelement <16 x i32> %".50", i32 0
  %".68" = getelementptr float, ptr %"A", i32 %".67"
  %".69" = extractelement <16 x i32> %".51", i32 0
  %".70" = getelementptr float, ptr %"A", i32 %".69"
  %".71" = extractelement <16 x i32> %".52", i32 0
  %".72" = getelementptr float, ptr %"A", i32 %".71"
  %".73" = extractelement <16 x i32> %".53", i32 0
  %".74" = getelementptr float, ptr %"A", i32 %".73"
  %".75" = extractelement <16 x i32> %".54", i32 0
  %".76" = getelementptr float, ptr %"A", i32 %".75"
  %".77" = extractelement <16 x i32> %".55", i32 0
  %".78" = getelementptr float, ptr %"A", i32 %".77"
  %".79" = extractelement <16 x i32> %".56", i32 0
  %".80" = getelementptr float, ptr %"A", i32 %".79"
  %".81" = extractelement <16 x i32> %".57", i32 0
  %".82" = getelementptr float, ptr %"A", i32 %".81"
  %".83" = extractelement <16 x i32> %".58", i32 0
  %".84" = getelementptr float, ptr %"A", i32 %".83"
  %".85" = extractelement <16 x i32> %".59", i32 0
  %".86" = getelementptr float, ptr %"A", i32 %".85"
  %".87" = extractelement <16 x i32> %".60", i32 0
  %".88" = getelementptr float, ptr %"A", i32 %".87"
  %".89" = extractelement <16 x i32> %".61", i32 0
  %".90" = getelementptr float, ptr %"A", i32 %".89"
  %".91" = extractelement <16 x i32> %".62", i32 0
  %".92" = getelementptr float, ptr %"A", i32 %".91"
  %".93" = extractelement <16 x i32> %".63", i32 0
  %".94" = getelementptr float, ptr %"A", i32 %".93"
  %".95" = extractelement <16 x i32> %".64", i32 0
  %".96" = getelementptr float, ptr %"A", i32 %".95"
  %".97" = load <16 x float>, ptr %".66", align 4
  %".98" = load <16 x float>, ptr %".68", align 4
  %".99" = load <16 x float>, ptr %".70", align 4
  %".100" = load <16 x float>, ptr %".72", align 4
  %".101" = load <16 x float>, ptr %".74", align 4
  %".102" = load <16 x float>, ptr %".76", align 4
  %".103" = load <16 x float>, ptr %".78", align 4
  %".104" = load <16 x float>, ptr %".80", align 4
  %".105" = load <16 x float>, ptr %".82", align 4
  %".106" = load <16 x float>, ptr %".84", align 4
  %".107" = load <16 x float>, ptr %".86", align 4
  %".108" = load <16 x float>, ptr %".88", align 4
  %".109" = load <16 x float>, ptr %".90", align 4
  %".110" = load <16 x float>, ptr %".92", align 4
  %".111" = load <16 x float>, ptr %".94", align 4
  %".112" = load <16 x float>, ptr %".96", align 4
  %".113" = insertelement <1 x ptr> <ptr undef>, ptr %"B", i32 0
  %".114" = shufflevector <1 x ptr> %".113", <1 x ptr> <ptr undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".115" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".116" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1>
  %".117" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 2, i32 2, i32 2, i32 2, i32 2, i32 2, i32 2, i32 2, i32 2, i32 2, i32 2, i32 2, i32 2, i32 2, i32 2, i32 2>
  %".118" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 3, i32 3, i32 3, i32 3, i32 3, i32 3, i32 3, i32 3, i32 3, i32 3, i32 3, i32 3, i32 3, i32 3, i32 3, i32 3>
  %".119" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4>
  %".120" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 5, i32 5, i32 5, i32 5, i32 5, i32 5, i32 5, i32 5, i32 5, i32 5, i32 5, i32 5, i32 5, i32 5, i32 5, i32 5>
  %".121" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 6, i32 6, i32 6, i32 6, i32 6, i32 6, i32 6, i32 6, i32 6, i32 6, i32 6, i32 6, i32 6, i32 6, i32 6, i32 6>
  %".122" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 7, i32 7, i32 7, i32 7, i32 7, i32 7, i32 7, i32 7, i32 7, i32 7, i32 7, i32 7, i32 7, i32 7, i32 7, i32 7>
  %".123" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8>
  %".124" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 9, i32 9, i32 9, i32 9, i32 9, i32 9, i32 9, i32 9, i32 9, i32 9, i32 9, i32 9, i32 9, i32 9, i32 9, i32 9>
  %".125" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 10, i32 10, i32 10, i32 10, i32 10, i32 10, i32 10, i32 10, i32 10, i32 10, i32 10, i32 10, i32 10, i32 10, i32 10, i32 10>
  %".126" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 11, i32 11, i32 11, i32 11, i32 11, i32 11, i32 11, i32 11, i32 11, i32 11, i32 11, i32 11, i32 11, i32 11, i32 11, i32 11>
  %".127" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12>
  %".128" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 13, i32 13, i32 13, i32 13, i32 13, i32 13, i32 13, i32 13, i32 13, i32 13, i32 13, i32 13, i32 13, i32 13, i32 13, i32 13>
  %".129" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 14, i32 14, i32 14, i32 14, i32 14, i32 14, i32 14, i32 14, i32 14, i32 14, i32 14, i32 14, i32 14, i32 14, i32 14, i32 14>
  %".130" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15>
  %".131" = add <16 x i32> %".115", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".132" = add <16 x i32> %".116", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".133" = add <16 x i32> %".117", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".134" = add <16 x i32> %".118", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".135" = add <16 x i32> %".119", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".136" = add <16 x i32> %".120", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".137" = add <16 x i32> %".121", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".138" = add <16 x i32> %".122", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".139" = add <16 x i32> %".123", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".140" = add <16 x i32> %".124", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".141" = add <16 x i32> %".125", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".142" = add <16 x i32> %".126", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".143" = add <16 x i32> %".127", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".144" = add <16 x i32> %".128", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".145" = add <16 x i32> %".129", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".146" = add <16 x i32> %".130", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".147" = extractelement <16 x i32> %".131", i32 0
  %".148" = getelementptr float, ptr %"B", i32 %".147"
  %".149" = extractelement <16 x i32> %".132", i32 0
  %".150" = getelementptr float, ptr %"B", i32 %".149"
  %".151" = extractelement <16 x i32> %".133", i32 0
  %".152" = getelementptr float, ptr %"B", i32 %".151"
  %".153" = extractelement <16 x i32> %".134", i32 0
  %".154" = getelementptr float, ptr %"B", i32 %".153"
  %".155" = extractelement <16 x i32> %".135", i32 0
  %".156" = getelementptr float, ptr %"B", i32 %".155"
  %".157" = extractelement <16 x i32> %".136", i32 0
  %".158" = getelementptr float, ptr %"B", i32 %".157"
  %".159" = extractelement <16 x i32> %".137", i32 0
  %".160" = getelementptr float, ptr %"B", i32 %".159"
  %".161" = extractelement <16 x i32> %".138", i32 0
  %".162" = getelementptr float, ptr %"B", i32 %".161"
  %".163" = extractelement <16 x i32> %".139", i32 0
  %".164" = getelementptr float, ptr %"B", i32 %".163"
  %".165" = extractelement <16 x i32> %".140", i32 0
  %".166" = getelementptr float, ptr %"B", i32 %".165"
  %".167" = extractelement <16 x i32> %".141", i32 0
  %".168" = getelementptr float, ptr %"B", i32 %".167"
  %".169" = extractelement <16 x i32> %".142", i32 0
  %".170" = getelementptr float, ptr %"B", i32 %".169"
  %".171" = extractelement <16 x i32> %".143", i32 0
  %".172" = getelementptr float, ptr %"B", i32 %".171"
  %".173" = extractelement <16 x i32> %".144", i32 0
  %".174" = getelementptr float, ptr %"B", i32 %".173"
  %".175" = extractelement <16 x i32> %".145", i32 0
  %".176" = getelementptr float, ptr %"B", i32 %".175"
  %".177" = extractelement <16 x i32> %".146", i32 0
  %".178" = getelementptr float, ptr %"B", i32 %".177"
  %".179" = load <16 x float>, ptr %".148", align 4
  %".180" = load <16 x float>, ptr %".150", align 4
  %".181" = load <16 x float>, ptr %".152", align 4
  %".182" = load <16 x float>, ptr %".154", align 4
  %".183" = load <16 x float>, ptr %".156", align 4
  %".184" = load <16 x float>, ptr %".158", align 4
  %".185" = load <16 x float>, ptr %".160", align 4
  %".186" = load <16 x float>, ptr %".162", align 4
  %".187" = load <16 x float>, ptr %".164", align 4
  %".188" = load <16 x float>, ptr %".166", align 4
  %".189" = load <16 x float>, ptr %".168", align 4
  %".190" = load <16 x float>, ptr %".170", align 4
  %".191" = load <16 x float>, ptr %".172", align 4
  %".192" = load <16 x float>, ptr %".174", align 4
  %".193" = load <16 x float>, ptr %".176", align 4
  %".194" = load <16 x float>, ptr %".178", align 4
  %".195" = insertelement <1 x ptr> <ptr undef>, ptr %"C", i32 0
  %".196" = shufflevector <1 x ptr> %".195", <1 x ptr> <ptr undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".197" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".198" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1>
  %".199" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 2, i32 2, i32 2, i32 2, i32 2, i32 2, i32 2, i32 2, i32 2, i32 2, i32 2, i32 2, i32 2, i32 2, i32 2, i32 2>
  %".200" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 3, i32 3, i32 3, i32 3, i32 3, i32 3, i32 3, i32 3, i32 3, i32 3, i32 3, i32 3, i32 3, i32 3, i32 3, i32 3>
  %".201" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4>
  %".202" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 5, i32 5, i32 5, i32 5, i32 5, i32 5, i32 5, i32 5, i32 5, i32 5, i32 5, i32 5, i32 5, i32 5, i32 5, i32 5>
  %".203" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 6, i32 6, i32 6, i32 6, i32 6, i32 6, i32 6, i32 6, i32 6, i32 6, i32 6, i32 6, i32 6, i32 6, i32 6, i32 6>
  %".204" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 7, i32 7, i32 7, i32 7, i32 7, i32 7, i32 7, i32 7, i32 7, i32 7, i32 7, i32 7, i32 7, i32 7, i32 7, i32 7>
  %".205" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8>
  %".206" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 9, i32 9, i32 9, i32 9, i32 9, i32 9, i32 9, i32 9, i32 9, i32 9, i32 9, i32 9, i32 9, i32 9, i32 9, i32 9>
  %".207" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 10, i32 10, i32 10, i32 10, i32 10, i32 10, i32 10, i32 10, i32 10, i32 10, i32 10, i32 10, i32 10, i32 10, i32 10, i32 10>
  %".208" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 11, i32 11, i32 11, i32 11, i32 11, i32 11, i32 11, i32 11, i32 11, i32 11, i32 11, i32 11, i32 11, i32 11, i32 11, i32 11>
  %".209" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12>
  %".210" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 13, i32 13, i32 13, i32 13, i32 13, i32 13, i32 13, i32 13, i32 13, i32 13, i32 13, i32 13, i32 13, i32 13, i32 13, i32 13>
  %".211" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 14, i32 14, i32 14, i32 14, i32 14, i32 14, i32 14, i32 14, i32 14, i32 14, i32 14, i32 14, i32 14, i32 14, i32 14, i32 14>
  %".212" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15>
  %".213" = add <16 x i32> %".197", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".214" = add <16 x i32> %".198", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".215" = add <16 x i32> %".199", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".216" = add <16 x i32> %".200", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".217" = add <16 x i32> %".201", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".218" = add <16 x i32> %".202", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".219" = add <16 x i32> %".203", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".220" = add <16 x i32> %".204", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".221" = add <16 x i32> %".205", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".222" = add <16 x i32> %".206", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".223" = add <16 x i32> %".207", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".224" = add <16 x i32> %".208", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".225" = add <16 x i32> %".209", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".226" = add <16 x i32> %".210", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".227" = add <16 x i32> %".211", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".228" = add <16 x i32> %".212", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".231" = getelementptr float, ptr %".229", i64 0
  store <16 x float> %".97", ptr %".231", align 4
  %".233" = getelementptr float, ptr %".229", i64 16
  store <16 x float> %".98", ptr %".233", align 4
  %".235" = getelementptr float, ptr %".229", i64 32
  store <16 x float> %".99", ptr %".235", align 4
  %".237" = getelementptr float, ptr %".229", i64 48
  store <16 x float> %".100", ptr %".237", align 4
  %".239" = getelementptr float, ptr %".229", i64 64
  store <16 x float> %".101", ptr %".239", align 4
  %".241" = getelementptr float, ptr %".229", i64 80
  store <16 x float> %".102", ptr %".241", align 4
  %".243" = getelementptr float, ptr %".229", i64 96
  store <16 x float> %".103", ptr %".243", align 4
  %".245" = getelementptr float, ptr %".229", i64 112
  store <16 x float> %".104", ptr %".245", align 4
  %".247" = getelementptr float, ptr %".229", i64 128
  store <16 x float> %".105", ptr %".247", align 4
  %".249" = getelementptr float, ptr %".229", i64 144
  store <16 x float> %".106", ptr %".249", align 4
  %".251" = getelementptr float, ptr %".229", i64 160
  store <16 x float> %".107", ptr %".251", align 4
  %".253" = getelementptr float, ptr %".229", i64 176
  store <16 x float> %".108", ptr %".253", align 4
  %".255" = getelementptr float, ptr %".229", i64 192
  store <16 x float> %".109", ptr %".255", align 4
  %".257" = getelementptr float, ptr %".229", i64 208
  store <16 x float> %".110", ptr %".257", align 4
  %".259" = getelementptr float, ptr %".229", i64 224
  store <16 x float> %".111", ptr %".259", align 4
  %".261" = getelementptr float, ptr %".229", i64 240
  store <16 x float> %".112", ptr %".261", align 4
  %".263" = getelementptr float, ptr %".230", i64 0
  store <16 x float> %".179", ptr %".263", align 4
  %".265" = getelementptr float, ptr %".230", i64 16
  store <16 x float> %".180", ptr %".265", align 4
  %".267" = getelementptr float, ptr %".230", i64 32
  store <16 x float> %".181", ptr %".267", align 4
  %".269" = getelementptr float, ptr %".230", i64 48
  store <16 x float> %".182", ptr %".269", align 4
  %".271" = getelementptr float, ptr %".230", i64 64
  store <16 x float> %".183", ptr %".271", align 4
  %".273" = getelementptr float, ptr %".230", i64 80
  store <16 x float> %".184", ptr %".273", align 4
  %".275" = getelementptr float, ptr %".230", i64 96
  store <16 x float> %".185", ptr %".275", align 4
  %".277" = getelementptr float, ptr %".230", i64 112
  store <16 x float> %".186", ptr %".277", align 4
  %".279" = getelementptr float, ptr %".230", i64 128
  store <16 x float> %".187", ptr %".279", align 4
  %".281" = getelementptr float, ptr %".230", i64 144
  store <16 x float> %".188", ptr %".281", align 4
  %".283" = getelementptr float, ptr %".230", i64 160
  store <16 x float> %".189", ptr %".283", align 4
  %".285" = getelementptr float, ptr %".230", i64 176
  store <16 x float> %".190", ptr %".285", align 4
  %".287" = getelementptr float, ptr %".230", i64 192
  store <16 x float> %".191", ptr %".287", align 4
  %".289" = getelementptr float, ptr %".230", i64 208
  store <16 x float> %".192", ptr %".289", align 4
  %".291" = getelementptr float, ptr %".230", i64 224
  store <16 x float> %".193", ptr %".291", align 4
  %".293" = getelementptr float, ptr %".230", i64 240
  store <16 x float> %".194", ptr %".293", align 4
  %".296" = getelementptr float, ptr %".295", i64 0
  store <16 x float> <float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0>, ptr %".296", align 4
  %".298" = getelementptr float, ptr %".295", i64 16
  store <16 x float> <float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0>, ptr %".298", align 4
  %".300" = getelementptr float, ptr %".295", i64 32
  store <16 x float> <float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0>, ptr %".300", align 4
  %".302" = getelementptr float, ptr %".295", i64 48
  store <16 x float> <float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0>, ptr %".302", align 4
  %".304" = getelementptr float, ptr %".295", i64 64
  store <16 x float> <float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0>, ptr %".304", align 4
  %".306" = getelementptr float, ptr %".295", i64 80
  store <16 x float> <float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0>, ptr %".306", align 4
  %".308" = getelementptr float, ptr %".295", i64 96
  store <16 x float> <float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0>, ptr %".308", align 4
  %".310" = getelementptr float, ptr %".295", i64 112
  store <16 x float> <float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0>, ptr %".310", align 4
  %".312" = getelementptr float, ptr %".295", i64 128
  store <16 x float> <float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0>, ptr %".312", align 4
  %".314" = getelementptr float, ptr %".295", i64 144
  store <16 x float> <float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0>, ptr %".314", align 4
  %".316" = getelementptr float, ptr %".295", i64 160
  store <16 x float> <float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0>, ptr %".316", align 4
  %".318" = getelementptr float, ptr %".295", i64 176
  store <16 x float> <float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0>, ptr %".318", align 4
  %".320" = getelementptr float, ptr %".295", i64 192
  store <16 x float> <float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0>, ptr %".320", align 4
  %".322" = getelementptr float, ptr %".295", i64 208
  store <16 x float> <float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0>, ptr %".322", align 4
  %".324" = getelementptr float, ptr %".295", i64 224
  store <16 x float> <float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0>, ptr %".324", align 4
  %".326" = getelementptr float, ptr %".295", i64 240
  store <16 x float> <float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0>, ptr %".326", align 4
  br label %"loop.header"
grid.exit:
  ret i32 0
loop.header:
  %".329" = phi  i64 [0, %"grid.body"], [%".780", %"loop.exit.1"]
  %".330" = icmp slt i64 %".329", 16
  br i1 %".330", label %"loop.body", label %"loop.exit"
loop.body:
  br label %"loop.header.1"
loop.exit:
  %".782" = getelementptr float, ptr %".295", i64 0
  %".783" = load <16 x float>, ptr %".782", align 4
  %".784" = getelementptr float, ptr %".295", i64 16
  %".785" = load <16 x float>, ptr %".784", align 4
  %".786" = getelementptr float, ptr %".295", i64 32
  %".787" = load <16 x float>, ptr %".786", align 4
  %".788" = getelementptr float, ptr %".295", i64 48
  %".789" = load <16 x float>, ptr %".788", align 4
  %".790" = getelementptr float, ptr %".295", i64 64
  %".791" = load <16 x float>, ptr %".790", align 4
  %".792" = getelementptr float, ptr %".295", i64 80
  %".793" = load <16 x float>, ptr %".792", align 4
  %".794" = getelementptr float, ptr %".295", i64 96
  %".795" = load <16 x float>, ptr %".794", align 4
  %".796" = getelementptr float, ptr %".295", i64 112
  %".797" = load <16 x float>, ptr %".796", align 4
  %".798" = getelementptr float, ptr %".295", i64 128
  %".799" = load <16 x float>, ptr %".798", align 4
  %".800" = getelementptr float, ptr %".295", i64 144
  %".801" = load <16 x float>, ptr %".800", align 4
  %".802" = getelementptr float, ptr %".295", i64 160
  %".803" = load <16 x float>, ptr %".802", align 4
  %".804" = getelementptr float, ptr %".295", i64 176
  %".805" = load <16 x float>, ptr %".804", align 4
  %".806" = getelementptr float, ptr %".295", i64 192
  %".807" = load <16 x float>, ptr %".806", align 4
  %".808" = getelementptr float, ptr %".295", i64 208
  %".809" = load <16 x float>, ptr %".808", align 4
  %".810" = getelementptr float, ptr %".295", i64 224
  %".811" = load <16 x float>, ptr %".810", align 4
  %".812" = getelementptr float, ptr %".295", i64 240
  %".813" = load <16 x float>, ptr %".812", align 4
  %".814" = extractelement <16 x i32> %".213", i32 0
  %".815" = getelementptr float, ptr %"C", i32 %".814"
  %".816" = extractelement <16 x i32> %".214", i32 0
  %".817" = getelementptr float, ptr %"C", i32 %".816"
  %".818" = extractelement <16 x i32> %".215", i32 0
  %".819" = getelementptr float, ptr %"C", i32 %".818"
  %".820" = extractelement <16 x i32> %".216", i32 0
  %".821" = getelementptr float, ptr %"C", i32 %".820"
  %".822" = extractelement <16 x i32> %".217", i32 0
  %".823" = getelementptr float, ptr %"C", i32 %".822"
  %".824" = extractelement <16 x i32> %".218", i32 0
  %".825" = getelementptr float, ptr %"C", i32 %".824"
  %".826" = extractelement <16 x i32> %".219", i32 0
  %".827" = getelementptr float, ptr %"C", i32 %".826"
  %".828" = extractelement <16 x i32> %".220", i32 0
  %".829" = getelementptr float, ptr %"C", i32 %".828"
  %".830" = extractelement <16 x i32> %".221", i32 0
  %".831" = getelementptr float, ptr %"C", i32 %".830"
  %".832" = extractelement <16 x i32> %".222", i32 0
  %".833" = getelementptr float, ptr %"C", i32 %".832"
  %".834" = extractelement <16 x i32> %".223", i32 0
  %".835" = getelementptr float, ptr %"C", i32 %".834"
  %".836" = extractelement <16 x i32> %".224", i32 0
  %".837" = getelementptr float, ptr %"C", i32 %".836"
  %".838" = extractelement <16 x i32> %".225", i32 0
  %".839" = getelementptr float, ptr %"C", i32 %".838"
  %".840" = extractelement <16 x i32> %".226", i32 0
  %".841" = getelementptr float, ptr %"C", i32 %".840"
  %".842" = extractelement <16 x i32> %".227", i32 0
  %".843" = getelementptr float, ptr %"C", i32 %".842"
  %".844" = extractelement <16 x i32> %".228", i32 0
  %".845" = getelementptr float, ptr %"C", i32 %".844"
  store <16 x float> %".783", ptr %".815", align 4
  store <16 x float> %".785", ptr %".817", align 4
  store <16 x float> %".787", ptr %".819", align 4
  store <16 x float> %".789", ptr %".821", align 4
  store <16 x float> %".791", ptr %".823", align 4
  store <16 x float> %".793", ptr %".825", align 4
  store <16 x float> %".795", ptr %".827", align 4
  store <16 x float> %".797", ptr %".829", align 4
  store <16 x float> %".799", ptr %".831", align 4
  store <16 x float> %".801", ptr %".833", align 4
  store <16 x float> %".803", ptr %".835", align 4
  store <16 x float> %".805", ptr %".837", align 4
  store <16 x float> %".807", ptr %".839", align 4
  store <16 x float> %".809", ptr %".841", align 4
  store <16 x float> %".811", ptr %".843", align 4
  store <16 x float> %".813", ptr %".845", align 4
  %".862" = add i64 %"pid", 1
  br label %"grid.header"
loop.header.1:
  %".333" = phi  i64 [0, %"loop.body"], [%".778", %"loop.exit.2"]
  %".334" = icmp slt i64 %".333", 16
  br i1 %".334", label %"loop.body.1", label %"loop.exit.1"
loop.body.1:
  %".336" = add i64 %".329", 0
  %".337" = mul i64 %".336", 16
  %".338" = add i64 0, %".337"
  %".339" = add i64 %".338", %".333"
  %".340" = add i64 %".339", 0
  %".341" = getelementptr float, ptr %".295", i64 %".340"
  %".342" = load <16 x float>, ptr %".341", align 4
  %".343" = add i64 %".329", 1
  %".344" = mul i64 %".343", 16
  %".345" = add i64 0, %".344"
  %".346" = add i64 %".345", %".333"
  %".347" = add i64 %".346", 0
  %".348" = getelementptr float, ptr %".295", i64 %".347"
  %".349" = load <16 x float>, ptr %".348", align 4
  %".350" = add i64 %".329", 2
  %".351" = mul i64 %".350", 16
  %".352" = add i64 0, %".351"
  %".353" = add i64 %".352", %".333"
  %".354" = add i64 %".353", 0
  %".355" = getelementptr float, ptr %".295", i64 %".354"
  %".356" = load <16 x float>, ptr %".355", align 4
  %".357" = add i64 %".329", 3
  %".358" = mul i64 %".357", 16
  %".359" = add i64 0, %".358"
  %".360" = add i64 %".359", %".333"
  %".361" = add i64 %".360", 0
  %".362" = getelementptr float, ptr %".295", i64 %".361"
  %".363" = load <16 x float>, ptr %".362", align 4
  %".364" = add i64 %".329", 4
  %".365" = mul i64 %".364", 16
  %".366" = add i64 0, %".365"
  %".367" = add i64 %".366", %".333"
  %".368" = add i64 %".367", 0
  %".369" = getelementptr float, ptr %".295", i64 %".368"
  %".370" = load <16 x float>, ptr %".369", align 4
  %".371" = add i64 %".329", 5
  %".372" = mul i64 %".371", 16
  %".373" = add i64 0, %".372"
  %".374" = add i64 %".373", %".333"
  %".375" = add i64 %".374", 0
  %".376" = getelementptr float, ptr %".295", i64 %".375"
  %".377" = load <16 x float>, ptr %".376", align 4
  %".378" = add i64 %".329", 6
  %".379" = mul i64 %".378", 16
  %".380" = add i64 0, %".379"
  %".381" = add i64 %".380", %".333"
  %".382" = add i64 %".381", 0
  %".383" = getelementptr float, ptr %".295", i64 %".382"
  %".384" = load <16 x float>, ptr %".383", align 4
  %".385" = add i64 %".329", 7
  %".386" = mul i64 %".385", 16
  %".387" = add i64 0, %".386"
  %".388" = add i64 %".387", %".333"
  %".389" = add i64 %".388", 0
  %".390" = getelementptr float, ptr %".295", i64 %".389"
  %".391" = load <16 x float>, ptr %".390", align 4
  br label %"loop.header.2"
loop.exit.1:
  %".780" = add i64 %".329", 8
  br label %"loop.header", !llvm.loop !2
loop.header.2:
  %".393" = phi  i64 [0, %"loop.body.1"], [%".720", %"loop.body.2"]
  %".394" = phi  <16 x float> [%".342", %"loop.body.1"], [%".656", %"loop.body.2"]
  %".395" = phi  <16 x float> [%".349", %"loop.body.1"], [%".665", %"loop.body.2"]
  %".396" = phi  <16 x float> [%".356", %"loop.body.1"], [%".674", %"loop.body.2"]
  %".397" = phi  <16 x float> [%".363", %"loop.body.1"], [%".683", %"loop.body.2"]
  %".398" = phi  <16 x float> [%".370", %"loop.body.1"], [%".692", %"loop.body.2"]
  %".399" = phi  <16 x float> [%".377", %"loop.body.1"], [%".701", %"loop.body.2"]
  %".400" = phi  <16 x float> [%".384", %"loop.body.1"], [%".710", %"loop.body.2"]
  %".401" = phi  <16 x float> [%".391", %"loop.body.1"], [%".719", %"loop.body.2"]
  %".402" = icmp slt i64 %".393", 16
  br i1 %".402", label %"loop.body.2", label %"loop.exit.2"
loop.body.2:
  %".404" = add i64 %".393", 0
  %".405" = mul i64 %".404", 16
  %".406" = add i64 0, %".405"
  %".407" = add i64 %".406", %".333"
  %".408" = add i64 %".407", 0
  %".409" = getelementptr float, ptr %".230", i64 %".408"
  %".410" = load <16 x float>, ptr %".409", align 4
  %".411" = add i64 %".329", 0
  %".412" = mul i64 %".411", 16
  %".413" = add i64 0, %".412"
  %".414" = add i64 %".413", %".404"
  %".415" = getelementptr float, ptr %".229", i64 %".414"
  %".416" = load float, ptr %".415"
  %".417" = insertelement <1 x float> <float undef>, float %".416", i32 0
  %".418" = shufflevector <1 x float> %".417", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".419" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".418", <16 x float> %".410", <16 x float> %".394")
  %".420" = add i64 %".329", 1
  %".421" = mul i64 %".420", 16
  %".422" = add i64 0, %".421"
  %".423" = add i64 %".422", %".404"
  %".424" = getelementptr float, ptr %".229", i64 %".423"
  %".425" = load float, ptr %".424"
  %".426" = insertelement <1 x float> <float undef>, float %".425", i32 0
  %".427" = shufflevector <1 x float> %".426", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".428" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".427", <16 x float> %".410", <16 x float> %".395")
  %".429" = add i64 %".329", 2
  %".430" = mul i64 %".429", 16
  %".431" = add i64 0, %".430"
  %".432" = add i64 %".431", %".404"
  %".433" = getelementptr float, ptr %".229", i64 %".432"
  %".434" = load float, ptr %".433"
  %".435" = insertelement <1 x float> <float undef>, float %".434", i32 0
  %".436" = shufflevector <1 x float> %".435", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".437" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".436", <16 x float> %".410", <16 x float> %".396")
  %".438" = add i64 %".329", 3
  %".439" = mul i64 %".438", 16
  %".440" = add i64 0, %".439"
  %".441" = add i64 %".440", %".404"
  %".442" = getelementptr float, ptr %".229", i64 %".441"
  %".443" = load float, ptr %".442"
  %".444" = insertelement <1 x float> <float undef>, float %".443", i32 0
  %".445" = shufflevector <1 x float> %".444", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".446" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".445", <16 x float> %".410", <16 x float> %".397")
  %".447" = add i64 %".329", 4
  %".448" = mul i64 %".447", 16
  %".449" = add i64 0, %".448"
  %".450" = add i64 %".449", %".404"
  %".451" = getelementptr float, ptr %".229", i64 %".450"
  %".452" = load float, ptr %".451"
  %".453" = insertelement <1 x float> <float undef>, float %".452", i32 0
  %".454" = shufflevector <1 x float> %".453", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".455" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".454", <16 x float> %".410", <16 x float> %".398")
  %".456" = add i64 %".329", 5
  %".457" = mul i64 %".456", 16
  %".458" = add i64 0, %".457"
  %".459" = add i64 %".458", %".404"
  %".460" = getelementptr float, ptr %".229", i64 %".459"
  %".461" = load float, ptr %".460"
  %".462" = insertelement <1 x float> <float undef>, float %".461", i32 0
  %".463" = shufflevector <1 x float> %".462", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".464" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".463", <16 x float> %".410", <16 x float> %".399")
  %".465" = add i64 %".329", 6
  %".466" = mul i64 %".465", 16
  %".467" = add i64 0, %".466"
  %".468" = add i64 %".467", %".404"
  %".469" = getelementptr float, ptr %".229", i64 %".468"
  %".470" = load float, ptr %".469"
  %".471" = insertelement <1 x float> <float undef>, float %".470", i32 0
  %".472" = shufflevector <1 x float> %".471", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".473" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".472", <16 x float> %".410", <16 x float> %".400")
  %".474" = add i64 %".329", 7
  %".475" = mul i64 %".474", 16
  %".476" = add i64 0, %".475"
  %".477" = add i64 %".476", %".404"
  %".478" = getelementptr float, ptr %".229", i64 %".477"
  %".479" = load float, ptr %".478"
  %".480" = insertelement <1 x float> <float undef>, float %".479", i32 0
  %".481" = shufflevector <1 x float> %".480", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".482" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".481", <16 x float> %".410", <16 x float> %".401")
  %".483" = add i64 %".393", 1
  %".484" = mul i64 %".483", 16
  %".485" = add i64 0, %".484"
  %".486" = add i64 %".485", %".333"
  %".487" = add i64 %".486", 0
  %".488" = getelementptr float, ptr %".230", i64 %".487"
  %".489" = load <16 x float>, ptr %".488", align 4
  %".490" = add i64 %".329", 0
  %".491" = mul i64 %".490", 16
  %".492" = add i64 0, %".491"
  %".493" = add i64 %".492", %".483"
  %".494" = getelementptr float, ptr %".229", i64 %".493"
  %".495" = load float, ptr %".494"
  %".496" = insertelement <1 x float> <float undef>, float %".495", i32 0
  %".497" = shufflevector <1 x float> %".496", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".498" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".497", <16 x float> %".489", <16 x float> %".419")
  %".499" = add i64 %".329", 1
  %".500" = mul i64 %".499", 16
  %".501" = add i64 0, %".500"
  %".502" = add i64 %".501", %".483"
  %".503" = getelementptr float, ptr %".229", i64 %".502"
  %".504" = load float, ptr %".503"
  %".505" = insertelement <1 x float> <float undef>, float %".504", i32 0
  %".506" = shufflevector <1 x float> %".505", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".507" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".506", <16 x float> %".489", <16 x float> %".428")
  %".508" = add i64 %".329", 2
  %".509" = mul i64 %".508", 16
  %".510" = add i64 0, %".509"
  %".511" = add i64 %".510", %".483"
  %".512" = getelementptr float, ptr %".229", i64 %".511"
  %".513" = load float, ptr %".512"
  %".514" = insertelement <1 x float> <float undef>, float %".513", i32 0
  %".515" = shufflevector <1 x float> %".514", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".516" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".515", <16 x float> %".489", <16 x float> %".437")
  %".517" = add i64 %".329", 3
  %".518" = mul i64 %".517", 16
  %".519" = add i64 0, %".518"
  %".520" = add i64 %".519", %".483"
  %".521" = getelementptr float, ptr %".229", i64 %".520"
  %".522" = load float, ptr %".521"
  %".523" = insertelement <1 x float> <float undef>, float %".522", i32 0
  %".524" = shufflevector <1 x float> %".523", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".525" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".524", <16 x float> %".489", <16 x float> %".446")
  %".526" = add i64 %".329", 4
  %".527" = mul i64 %".526", 16
  %".528" = add i64 0, %".527"
  %".529" = add i64 %".528", %".483"
  %".530" = getelementptr float, ptr %".229", i64 %".529"
  %".531" = load float, ptr %".530"
  %".532" = insertelement <1 x float> <float undef>, float %".531", i32 0
  %".533" = shufflevector <1 x float> %".532", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".534" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".533", <16 x float> %".489", <16 x float> %".455")
  %".535" = add i64 %".329", 5
  %".536" = mul i64 %".535", 16
  %".537" = add i64 0, %".536"
  %".538" = add i64 %".537", %".483"
  %".539" = getelementptr float, ptr %".229", i64 %".538"
  %".540" = load float, ptr %".539"
  %".541" = insertelement <1 x float> <float undef>, float %".540", i32 0
  %".542" = shufflevector <1 x float> %".541", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".543" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".542", <16 x float> %".489", <16 x float> %".464")
  %".544" = add i64 %".329", 6
  %".545" = mul i64 %".544", 16
  %".546" = add i64 0, %".545"
  %".547" = add i64 %".546", %".483"
  %".548" = getelementptr float, ptr %".229", i64 %".547"
  %".549" = load float, ptr %".548"
  %".550" = insertelement <1 x float> <float undef>, float %".549", i32 0
  %".551" = shufflevector <1 x float> %".550", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".552" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".551", <16 x float> %".489", <16 x float> %".473")
  %".553" = add i64 %".329", 7
  %".554" = mul i64 %".553", 16
  %".555" = add i64 0, %".554"
  %".556" = add i64 %".555", %".483"
  %".557" = getelementptr float, ptr %".229", i64 %".556"
  %".558" = load float, ptr %".557"
  %".559" = insertelement <1 x float> <float undef>, float %".558", i32 0
  %".560" = shufflevector <1 x float> %".559", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".561" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".560", <16 x float> %".489", <16 x float> %".482")
  %".562" = add i64 %".393", 2
  %".563" = mul i64 %".562", 16
  %".564" = add i64 0, %".563"
  %".565" = add i64 %".564", %".333"
  %".566" = add i64 %".565", 0
  %".567" = getelementptr float, ptr %".230", i64 %".566"
  %".568" = load <16 x float>, ptr %".567", align 4
  %".569" = add i64 %".329", 0
  %".570" = mul i64 %".569", 16
  %".571" = add i64 0, %".570"
  %".572" = add i64 %".571", %".562"
  %".573" = getelementptr float, ptr %".229", i64 %".572"
  %".574" = load float, ptr %".573"
  %".575" = insertelement <1 x float> <float undef>, float %".574", i32 0
  %".576" = shufflevector <1 x float> %".575", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".577" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".576", <16 x float> %".568", <16 x float> %".498")
  %".578" = add i64 %".329", 1
  %".579" = mul i64 %".578", 16
  %".580" = add i64 0, %".579"
  %".581" = add i64 %".580", %".562"
  %".582" = getelementptr float, ptr %".229", i64 %".581"
  %".583" = load float, ptr %".582"
  %".584" = insertelement <1 x float> <float undef>, float %".583", i32 0
  %".585" = shufflevector <1 x float> %".584", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".586" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".585", <16 x float> %".568", <16 x float> %".507")
  %".587" = add i64 %".329", 2
  %".588" = mul i64 %".587", 16
  %".589" = add i64 0, %".588"
  %".590" = add i64 %".589", %".562"
  %".591" = getelementptr float, ptr %".229", i64 %".590"
  %".592" = load float, ptr %".591"
  %".593" = insertelement <1 x float> <float undef>, float %".592", i32 0
  %".594" = shufflevector <1 x float> %".593", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".595" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".594", <16 x float> %".568", <16 x float> %".516")
  %".596" = add i64 %".329", 3
  %".597" = mul i64 %".596", 16
  %".598" = add i64 0, %".597"
  %".599" = add i64 %".598", %".562"
  %".600" = getelementptr float, ptr %".229", i64 %".599"
  %".601" = load float, ptr %".600"
  %".602" = insertelement <1 x float> <float undef>, float %".601", i32 0
  %".603" = shufflevector <1 x float> %".602", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".604" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".603", <16 x float> %".568", <16 x float> %".525")
  %".605" = add i64 %".329", 4
  %".606" = mul i64 %".605", 16
  %".607" = add i64 0, %".606"
  %".608" = add i64 %".607", %".562"
  %".609" = getelementptr float, ptr %".229", i64 %".608"
  %".610" = load float, ptr %".609"
  %".611" = insertelement <1 x float> <float undef>, float %".610", i32 0
  %".612" = shufflevector <1 x float> %".611", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".613" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".612", <16 x float> %".568", <16 x float> %".534")
  %".614" = add i64 %".329", 5
  %".615" = mul i64 %".614", 16
  %".616" = add i64 0, %".615"
  %".617" = add i64 %".616", %".562"
  %".618" = getelementptr float, ptr %".229", i64 %".617"
  %".619" = load float, ptr %".618"
  %".620" = insertelement <1 x float> <float undef>, float %".619", i32 0
  %".621" = shufflevector <1 x float> %".620", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".622" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".621", <16 x float> %".568", <16 x float> %".543")
  %".623" = add i64 %".329", 6
  %".624" = mul i64 %".623", 16
  %".625" = add i64 0, %".624"
  %".626" = add i64 %".625", %".562"
  %".627" = getelementptr float, ptr %".229", i64 %".626"
  %".628" = load float, ptr %".627"
  %".629" = insertelement <1 x float> <float undef>, float %".628", i32 0
  %".630" = shufflevector <1 x float> %".629", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".631" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".630", <16 x float> %".568", <16 x float> %".552")
  %".632" = add i64 %".329", 7
  %".633" = mul i64 %".632", 16
  %".634" = add i64 0, %".633"
  %".635" = add i64 %".634", %".562"
  %".636" = getelementptr float, ptr %".229", i64 %".635"
  %".637" = load float, ptr %".636"
  %".638" = insertelement <1 x float> <float undef>, float %".637", i32 0
  %".639" = shufflevector <1 x float> %".638", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".640" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".639", <16 x float> %".568", <16 x float> %".561")
  %".641" = add i64 %".393", 3
  %".642" = mul i64 %".641", 16
  %".643" = add i64 0, %".642"
  %".644" = add i64 %".643", %".333"
  %".645" = add i64 %".644", 0
  %".646" = getelementptr float, ptr %".230", i64 %".645"
  %".647" = load <16 x float>, ptr %".646", align 4
  %".648" = add i64 %".329", 0
  %".649" = mul i64 %".648", 16
  %".650" = add i64 0, %".649"
  %".651" = add i64 %".650", %".641"
  %".652" = getelementptr float, ptr %".229", i64 %".651"
  %".653" = load float, ptr %".652"
  %".654" = insertelement <1 x float> <float undef>, float %".653", i32 0
  %".655" = shufflevector <1 x float> %".654", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".656" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".655", <16 x float> %".647", <16 x float> %".577")
  %".657" = add i64 %".329", 1
  %".658" = mul i64 %".657", 16
  %".659" = add i64 0, %".658"
  %".660" = add i64 %".659", %".641"
  %".661" = getelementptr float, ptr %".229", i64 %".660"
  %".662" = load float, ptr %".661"
  %".663" = insertelement <1 x float> <float undef>, float %".662", i32 0
  %".664" = shufflevector <1 x float> %".663", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".665" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".664", <16 x float> %".647", <16 x float> %".586")
  %".666" = add i64 %".329", 2
  %".667" = mul i64 %".666", 16
  %".668" = add i64 0, %".667"
  %".669" = add i64 %".668", %".641"
  %".670" = getelementptr float, ptr %".229", i64 %".669"
  %".671" = load float, ptr %".670"
  %".672" = insertelement <1 x float> <float undef>, float %".671", i32 0
  %".673" = shufflevector <1 x float> %".672", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".674" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".673", <16 x float> %".647", <16 x float> %".595")
  %".675" = add i64 %".329", 3
  %".676" = mul i64 %".675", 16
  %".677" = add i64 0, %".676"
  %".678" = add i64 %".677", %".641"
  %".679" = getelementptr float, ptr %".229", i64 %".678"
  %".680" = load float, ptr %".679"
  %".681" = insertelement <1 x float> <float undef>, float %".680", i32 0
  %".682" = shufflevector <1 x float> %".681", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".683" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".682", <16 x float> %".647", <16 x float> %".604")
  %".684" = add i64 %".329", 4
  %".685" = mul i64 %".684", 16
  %".686" = add i64 0, %".685"
  %".687" = add i64 %".686", %".641"
  %".688" = getelementptr float, ptr %".229", i64 %".687"
  %".689" = load float, ptr %".688"
  %".690" = insertelement <1 x float> <float undef>, float %".689", i32 0
  %".691" = shufflevector <1 x float> %".690", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".692" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".691", <16 x float> %".647", <16 x float> %".613")
  %".693" = add i64 %".329", 5
  %".694" = mul i64 %".693", 16
  %".695" = add i64 0, %".694"
  %".696" = add i64 %".695", %".641"
  %".697" = getelementptr float, ptr %".229", i64 %".696"
  %".698" = load float, ptr %".697"
  %".699" = insertelement <1 x float> <float undef>, float %".698", i32 0
  %".700" = shufflevector <1 x float> %".699", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".701" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".700", <16 x float> %".647", <16 x float> %".622")
  %".702" = add i64 %".329", 6
  %".703" = mul i64 %".702", 16
  %".704" = add i64 0, %".703"
  %".705" = add i64 %".704", %".641"
  %".706" = getelementptr float, ptr %".229", i64 %".705"
  %".707" = load float, ptr %".706"
  %".708" = insertelement <1 x float> <float undef>, float %".707", i32 0
  %".709" = shufflevector <1 x float> %".708", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".710" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".709", <16 x float> %".647", <16 x float> %".631")
  %".711" = add i64 %".329", 7
  %".712" = mul i64 %".711", 16
  %".713" = add i64 0, %".712"
  %".714" = add i64 %".713", %".641"
  %".715" = getelementptr float, ptr %".229", i64 %".714"
  %".716" = load float, ptr %".715"
  %".717" = insertelement <1 x float> <float undef>, float %".716", i32 0
  %".718" = shufflevector <1 x float> %".717", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".719" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".718", <16 x float> %".647", <16 x float> %".640")
  %".720" = add i64 %".393", 4
  br label %"loop.header.2", !llvm.loop !0
loop.exit.2:
  %".722" = add i64 %".329", 0
  %".723" = mul i64 %".722", 16
  %".724" = add i64 0, %".723"
  %".725" = add i64 %".724", %".333"
  %".726" = add i64 %".725", 0
  %".727" = getelementptr float, ptr %".295", i64 %".726"
  store <16 x float> %".394", ptr %".727", align 4
  %".729" = add i64 %".329", 1
  %".730" = mul i64 %".729", 16
  %".731" = add i64 0, %".730"
  %".732" = add i64 %".731", %".333"
  %".733" = add i64 %".732", 0
  %".734" = getelementptr float, ptr %".295", i64 %".733"
  store <16 x float> %".395", ptr %".734", align 4
  %".736" = add i64 %".329", 2
  %".737" = mul i64 %".736", 16
  %".738" = add i64 0, %".737"
  %".739" = add i64 %".738", %".333"
  %".740" = add i64 %".739", 0
  %".741" = getelementptr float, ptr %".295", i64 %".740"
  store <16 x float> %".396", ptr %".741", align 4
  %".743" = add i64 %".329", 3
  %".744" = mul i64 %".743", 16
  %".745" = add i64 0, %".744"
  %".746" = add i64 %".745", %".333"
  %".747" = add i64 %".746", 0
  %".748" = getelementptr float, ptr %".295", i64 %".747"
  store <16 x float> %".397", ptr %".748", align 4
  %".750" = add i64 %".329", 4
  %".751" = mul i64 %".750", 16
  %".752" = add i64 0, %".751"
  %".753" = add i64 %".752", %".333"
  %".754" = add i64 %".753", 0
  %".755" = getelementptr float, ptr %".295", i64 %".754"
  store <16 x float> %".398", ptr %".755", align 4
  %".757" = add i64 %".329", 5
  %".758" = mul i64 %".757", 16
  %".759" = add i64 0, %".758"
  %".760" = add i64 %".759", %".333"
  %".761" = add i64 %".760", 0
  %".762" = getelementptr float, ptr %".295", i64 %".761"
  store <16 x float> %".399", ptr %".762", align 4
  %".764" = add i64 %".329", 6
  %".765" = mul i64 %".764", 16
  %".766" = add i64 0, %".765"
  %".767" = add i64 %".766", %".333"
  %".768" = add i64 %".767", 0
  %".769" = getelementptr float, ptr %".295", i64 %".768"
  store <16 x float> %".400", ptr %".769", align 4
  %".771" = add i64 %".329", 7
  %".772" = mul i64 %".771", 16
  %".773" = add i64 0, %".772"
  %".774" = add i64 %".773", %".333"
  %".775" = add i64 %".774", 0
  %".776" = getelementptr float, ptr %".295", i64 %".775"
  store <16 x float> %".401", ptr %".776", align 4
  %".778" = add i64 %".333", 16
  br label %"loop.header.1", !llvm.loop !1
}

declare <16 x float> @"llvm.fma.v16f32"(<16 x float> %".1", <16 x float> %".2", <16 x float> %".3")

!0 = distinct !{!0, !9999999}
!1 = distinct !{!1, !9999999}
!2 = distinct !{!2, !9999999}
!9999999 = !{!"llvm.loop.unroll.disable"}
